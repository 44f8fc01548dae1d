import { canonicalJson } from '../pack/canonical-json.js';
import { activityChanges, paramSide, type ParamSide } from '../diff/diff.js';
import type { Decision } from '../rules/decision.js';
import { factsRead } from '../rules/conditions.js';
import { FACT_PARAMETERS, type Facts } from '../rules/facts.js';
import { formatValue } from '../score/params.js';
import type { ActivityResult } from '../score/activities.js';
import type { Parameter, Rule, YearPack } from '../types.js';
import type { Evaluation } from './evaluate.js';

// Why a submission's score changed from one year to the next: the activity, rule or
// parameter behind each change. Shared by compare (one submission) and impact (a corpus,
// where causes are tallied by their key).

export type CauseKind =
  | 'status' // scored in one year, refused in the other
  | 'activity-unavailable' // an activity of the submission is not attestable in the later year
  | 'activity-available' // … or only in the later year
  | 'activity-weight' // its weight changed
  | 'activity-rule' // its own rule (programs, MVP only, period, frequency) changed
  | 'activity-counted' // it counts in one year and not the other for another reason
  | 'parameter' // a parameter the score reads changed
  | 'rule' // a rule started or stopped applying, was added, removed or changed
  | 'other';

export interface Cause {
  /** Stable across submissions: what impact tallies (`parameter:thresholds.groupActivityMinShare`). */
  key: string;
  kind: CauseKind;
  /** The activity ID, rule name or parameter name. */
  subject: string;
  /** What changed in the packs: the same text for every submission it touches. */
  summary: string;
  /** What it did to this submission. */
  detail: string;
  /** The parameter change behind it, with both references. */
  parameter?: { name: string; from: ParamSide | null; to: ParamSide | null };
}

const side = (p: Parameter | undefined): ParamSide | null => (p ? paramSide(p) : null);

const sameParam = (a: YearPack, b: YearPack, name: string) => canonicalJson(a.parameters.get(name)?.value ?? null) === canonicalJson(b.parameters.get(name)?.value ?? null);

/** The causes of the change from `a` (the earlier row) to `b`; empty when nothing changed. */
export function explainChange(a: Evaluation, b: Evaluation): Cause[] {
  const causes = new Map<string, Cause>();
  const add = (c: Cause) => {
    if (!causes.has(c.key)) causes.set(c.key, c);
  };
  if (a.status !== 'scored' || b.status !== 'scored') {
    const codes = (e: Evaluation) => (e.error ? [...new Set(e.error.errors.map((p) => p.code))].sort().join('+') || e.error.code : '');
    if (a.status === b.status && codes(a) === codes(b)) return [];
    const refused = b.status !== 'scored' ? b : a;
    const now = refused === b;
    const detail = now
      ? `${b.year} ${b.status === 'invalid' ? 'cannot score' : 'rejects'} the submission (${b.error!.code}: ${b.error!.message})`
      : `${a.year} ${a.status === 'invalid' ? 'could not score' : 'rejected'} the submission (${a.error!.code}: ${a.error!.message}); ${b.year} ${b.status === 'scored' ? 'scores it' : `refuses it too (${b.error!.code})`}`;
    // A reject rule that started or stopped firing (added, removed, redefined) says why.
    if (a.decision && b.decision) {
      const rule = ruleDifference(a, b, (r) => r.event.type === 'reject', detail);
      if (rule) return [rule];
    }
    const code = codes(refused);
    add({ key: `status:${code}`, kind: 'status', subject: code, summary: `${now ? 'refused' : 'no longer refused'} in ${b.year}: ${refused.error!.message}`, detail });
    return [...causes.values()];
  }
  const ra = a.result!;
  const rb = b.result!;
  const pointsChanged = ra.points !== rb.points;
  const weightChanged = ra.categoryWeight !== rb.categoryWeight;
  if (!pointsChanged && !weightChanged) return [];

  if (pointsChanged) {
    activityCauses(a, b).forEach(add);
    pointsTableCauses(a, b).forEach(add);
    creditCauses(a, b).forEach(add);
    if (!sameParam(a.pack, b.pack, 'maxPoints')) add(parameterCause(a, b, 'maxPoints', `at most ${ra.maxPoints} → ${rb.maxPoints} points`));
  }
  if (weightChanged) weightCauses(a, b).forEach(add);
  if (causes.size === 0) {
    add({ key: 'other', kind: 'other', subject: '', summary: 'no single activity, rule or parameter explains it', detail: `${ra.points} → ${rb.points} points, IA weight ${ra.categoryWeight}% → ${rb.categoryWeight}%` });
  }
  return [...causes.values()];
}

function parameterCause(a: Evaluation, b: Evaluation, name: string, detail: string, suffix = ''): Cause {
  const from = a.pack.parameters.get(name);
  const to = b.pack.parameters.get(name);
  const value = (p: Parameter | undefined) => (p ? formatValue(p.value) : 'not set');
  return {
    key: `parameter:${name}${suffix}`,
    kind: 'parameter',
    subject: name,
    summary: `${name} ${value(from)} → ${value(to)}${to?.reference ? ` (${to.reference})` : to?.note ? ` (${to.note})` : ''}`,
    detail,
    parameter: { name, from: side(from), to: side(to) },
  };
}

/** `thresholds.groupActivityMinShare@2020 → 0.5` in a reason: the parameters it quotes. */
function quotedParameters(reason: string | undefined): string[] {
  return [...(reason ?? '').matchAll(/([A-Za-z][\w.]*)@\d{4}/g)].map((m) => m[1]);
}

function activityCauses(a: Evaluation, b: Evaluation): Cause[] {
  const causes: Cause[] = [];
  const before = new Map(a.result!.activities.map((r) => [r.id, r]));
  const after = new Map(b.result!.activities.map((r) => [r.id, r]));
  for (const left of b.leftOut) {
    const r = before.get(left.id);
    if (!r || r.points === 0) continue;
    const successor = [...b.pack.inventory.values()].find((x) => x.renumberedFrom === left.id);
    const why = left.reason === 'suspended' ? `suspended in ${b.year}` : successor ? `renumbered ${successor.id} in ${b.year}` : `not in the ${b.year} inventory`;
    causes.push({ key: `activity-unavailable:${left.id}`, kind: 'activity-unavailable', subject: left.id, summary: `${left.id} ${why}`, detail: `${left.id} (${r.points} points in ${a.year}) left out of ${b.year}` });
  }
  for (const left of a.leftOut) {
    const r = after.get(left.id);
    if (!r || r.points === 0) continue;
    causes.push({ key: `activity-available:${left.id}`, kind: 'activity-available', subject: left.id, summary: `${left.id} attestable in ${b.year}, not in ${a.year}`, detail: `${left.id} earns ${r.points} points in ${b.year}` });
  }
  for (const [id, x] of before) {
    const y = after.get(id);
    if (!y || x.points === y.points) continue;
    if (x.counted && y.counted && x.weight !== y.weight) {
      causes.push({
        key: `activity-weight:${id}`,
        kind: 'activity-weight',
        subject: id,
        summary: `${id} weight ${x.weight ?? 'none'} → ${y.weight ?? 'none'}`,
        detail: `${id}: ${x.points} → ${y.points} points`,
      });
    } else if (x.counted !== y.counted) {
      causes.push(countedCause(a, b, x, y));
    }
    // Counted in both at the same weight: the points table changed (pointsTableCauses).
  }
  return causes;
}

function countedCause(a: Evaluation, b: Evaluation, x: ActivityResult, y: ActivityResult): Cause {
  const id = x.id;
  const reason = y.counted ? x.reason : y.reason;
  const detail = `${id} ${y.counted ? `counts in ${b.year} (${x.points} → ${y.points} points); in ${a.year}: ${reason}` : `no longer counts (${x.points} → ${y.points} points): ${reason}`}`;
  const changedParam = quotedParameters(reason).find((name) => !sameParam(a.pack, b.pack, name));
  if (changedParam) return parameterCause(a, b, changedParam, detail);
  const fields = activityChanges(a.pack.inventory.get(id)!, b.pack.inventory.get(id)!).filter((c) => c.group === 'programs' || c.group === 'rules' || c.field === 'mvpOnly');
  if (fields.length > 0) {
    return { key: `activity-rule:${id}`, kind: 'activity-rule', subject: id, summary: `${id}: ${fields.map((f) => f.field).join(', ')} changed in ${b.year}`, detail };
  }
  // An MVP restriction that started or stopped, etc.: the rule behind it.
  const ruleCause = ruleDifference(a, b, (r) => r.event.type === 'restrictActivities');
  if (ruleCause) return { ...ruleCause, detail };
  return { key: `activity-counted:${id}`, kind: 'activity-counted', subject: id, summary: `${id} ${y.counted ? 'counts' : 'does not count'} in ${b.year}`, detail };
}

function pointsTableCauses(a: Evaluation, b: Evaluation): Cause[] {
  const ruleA = a.decision!.pointsTable!;
  const ruleB = b.decision!.pointsTable!;
  const tableA = ruleA.event.params.table!;
  const tableB = ruleB.event.params.table!;
  const valuesA = a.pack.parameters.get(tableA)!.value;
  const valuesB = b.pack.parameters.get(tableB)!.value;
  if (canonicalJson(valuesA) === canonicalJson(valuesB)) return [];
  // Only when some activity counted in both years earns differently at the same weight.
  const before = new Map(a.result!.activities.map((r) => [r.id, r]));
  const affected = b.result!.activities.filter((y) => {
    const x = before.get(y.id);
    return x && x.counted && y.counted && x.weight === y.weight && x.points !== y.points;
  });
  if (affected.length === 0) return [];
  const detail = `${affected.map((y) => `${y.id} ${before.get(y.id)!.points} → ${y.points}`).join(', ')} points`;
  if (ruleA.name === ruleB.name && tableA === tableB) return [parameterCause(a, b, tableA, detail)];
  return [{
    key: `rule:${ruleB.name}`,
    kind: 'rule',
    subject: ruleB.name,
    summary: `points from ${tableB} (${ruleB.name}) instead of ${tableA} (${ruleA.name})${ruleNews(a.pack, b.pack, ruleB) ?? ruleNews(a.pack, b.pack, ruleA) ?? ''}`,
    detail,
  }];
}

/** `; rule X added in 2023` and the like, when the rule itself is new, gone or redefined. */
function ruleNews(pa: YearPack, pb: YearPack, rule: Rule): string | undefined {
  const x = pa.rules.find((r) => r.name === rule.name);
  const y = pb.rules.find((r) => r.name === rule.name);
  if (!x) return `; rule ${rule.name} added in ${pb.year}${y?.reference ? ` (${y.reference})` : ''}`;
  if (!y) return `; rule ${rule.name} removed in ${pb.year}`;
  if (canonicalJson([x.conditions, x.event, x.priority ?? 1]) !== canonicalJson([y.conditions, y.event, y.priority ?? 1])) {
    return `; rule ${rule.name} changed in ${y.year}${y.reference ? ` (${y.reference})` : ''}`;
  }
  return undefined;
}

/**
 * A rule (among those `filter` selects) that fired in one year and not the other, as a cause:
 * why it started or stopped (added, removed, redefined, or a fact read through a parameter).
 */
function ruleDifference(a: Evaluation, b: Evaluation, filter: (r: Rule) => boolean, detail = ''): Cause | undefined {
  const namesA = new Set(a.decision!.fired.filter(filter).map((r) => r.name));
  const namesB = new Set(b.decision!.fired.filter(filter).map((r) => r.name));
  const started = b.decision!.fired.filter(filter).find((r) => !namesA.has(r.name));
  const stopped = a.decision!.fired.filter(filter).find((r) => !namesB.has(r.name));
  const rule = started ?? stopped;
  if (!rule) return undefined;
  return ruleCause(a, b, rule, rule === started, detail);
}

function ruleCause(a: Evaluation, b: Evaluation, rule: Rule, started: boolean, detail: string): Cause {
  const x = a.pack.rules.find((r) => r.name === rule.name);
  const y = b.pack.rules.find((r) => r.name === rule.name);
  const verb = started ? 'applies' : 'no longer applies';
  if (!x) return { key: `rule:${rule.name}`, kind: 'rule', subject: rule.name, summary: `rule ${rule.name} added in ${b.year}${y?.reference ? ` (${y.reference})` : ''}`, detail: detail || `${rule.name} ${verb}` };
  if (!y) return { key: `rule:${rule.name}`, kind: 'rule', subject: rule.name, summary: `rule ${rule.name} removed in ${b.year}${x.reference ? ` (was: ${x.reference})` : ''}`, detail: detail || `${rule.name} ${verb}` };
  if (canonicalJson([x.conditions, x.event, x.priority ?? 1]) !== canonicalJson([y.conditions, y.event, y.priority ?? 1])) {
    return { key: `rule:${rule.name}`, kind: 'rule', subject: rule.name, summary: `rule ${rule.name} changed in ${y.year}${y.reference ? ` (${y.reference})` : ''}`, detail: detail || `${rule.name} ${verb}` };
  }
  // The same rule: a fact it reads changed, maybe through a threshold parameter.
  const facts = [...factsRead(rule.conditions)].filter((f) => a.facts![f as keyof Facts] !== b.facts![f as keyof Facts]) as (keyof Facts)[];
  const param = facts.flatMap((f) => FACT_PARAMETERS[f] ?? []).find((name) => !sameParam(a.pack, b.pack, name));
  const factText = facts.map((f) => `${f} ${a.facts![f]} → ${b.facts![f]}`).join(', ');
  if (param) return parameterCause(a, b, param, detail || `${rule.name} ${verb} (${factText})`);
  return { key: `rule:${rule.name}`, kind: 'rule', subject: rule.name, summary: `rule ${rule.name} ${verb}${factText ? ` (${factText})` : ''}`, detail: detail || `${rule.name} ${verb}` };
}

function creditCauses(a: Evaluation, b: Evaluation): Cause[] {
  const causes: Cause[] = [];
  const credit = (e: Evaluation) => {
    const m = new Map<string, { rule: Rule; points: number }>();
    for (const { rule, points } of e.decision!.credits) {
      const basis = rule.event.params.basis!;
      if (!m.has(basis) || m.get(basis)!.points < points) m.set(basis, { rule, points });
    }
    return m;
  };
  const ca = credit(a);
  const cb = credit(b);
  for (const basis of new Set([...ca.keys(), ...cb.keys()])) {
    const x = ca.get(basis);
    const y = cb.get(basis);
    if ((x?.points ?? 0) === (y?.points ?? 0)) continue;
    const detail = `${basis} credit ${x?.points ?? 0} → ${y?.points ?? 0} points`;
    if (x && y && x.rule.name === y.rule.name) {
      causes.push(parameterCause(a, b, y.rule.event.params.parameter!, detail));
    } else {
      const rule = (y ?? x)!.rule;
      causes.push(ruleCause(a, b, rule, !!y, detail));
    }
  }
  return causes;
}

function weightCauses(a: Evaluation, b: Evaluation): Cause[] {
  const wa = a.result!.categoryWeights;
  const wb = b.result!.categoryWeights;
  const detail = `IA weight ${wa.ia}% → ${wb.ia}% (${wa.table} row ${wa.row} → ${wb.table} row ${wb.row})`;
  const ta = a.decision!.weightTable!;
  const tb = b.decision!.weightTable!;
  if (ta.name !== tb.name) {
    // A table rule that started applying (or the one that stopped) explains it.
    const started = !a.decision!.fired.some((r) => r.name === tb.name);
    return [ruleCause(a, b, started ? tb : ta, started, detail)];
  }
  if (wa.row !== wb.row) {
    const c = ruleDifference(a, b, (r) => r.event.type === 'reweight', detail);
    if (c) return [c];
  }
  if (!sameParam(a.pack, b.pack, wb.table)) {
    const from = (a.pack.parameters.get(wa.table)?.value as Record<string, Record<string, number>> | undefined)?.[wb.row];
    const to = (b.pack.parameters.get(wb.table)?.value as Record<string, Record<string, number>> | undefined)?.[wb.row];
    const row = (r: Record<string, number> | undefined) => (r ? `${r.quality}/${r.cost}/${r.ia}/${r.pi}` : '—');
    const cause = parameterCause(a, b, wb.table, detail, `#${wb.row}`);
    cause.summary = `${wb.table} row ${wb.row}: ${row(from)} → ${row(to)} (quality/cost/IA/PI)${cause.parameter?.to?.reference ? `; ${cause.parameter.to.reference}` : ''}`;
    return [cause];
  }
  return [{ key: `weight:${wb.table}#${wb.row}`, kind: 'other', subject: wb.table, summary: `IA weight from ${wb.table} row ${wb.row}`, detail }];
}

/** The fired rule names of a decision, for reports. */
export function firedRuleNames(d: Decision | undefined): string[] {
  return d ? d.fired.map((r) => r.name) : [];
}
