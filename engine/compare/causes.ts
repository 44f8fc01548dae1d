// Why a submission's score changed from one year to the next: the activity, rule or
// parameter behind each change. Shared by compare (one submission) and impact (a corpus,
// where causes are tallied by their key). The rules' part is their event types': each names
// the causes of the part of a score it moves (engine/rules/events/).
import { activityChanges } from '../diff/diff.js';
import type { Decision } from '../rules/decision.js';
import type { Aspect } from '../rules/event.js';
import { EVENT_TYPES } from '../rules/events.js';
import type { ActivityResult } from '../score/activities.js';
import { parameterCause, ruleDifference, sameParam, type Cause } from './cause.js';
import type { Evaluation } from './evaluate.js';

export type { Cause, CauseKind } from './cause.js';

/**
 * The causes the rules give, for the part of a score that changed: each event type moving it
 * names its own (events/), or else a rule of that type that started or stopped firing. Points
 * add up (every type's causes); the weights come from one table row (the first type that
 * explains it, in the registry's order: the table, then the reweighting).
 */
function ruleCauses(aspect: Aspect, a: Evaluation, b: Evaluation, detail: string): Cause[] {
  const found: Cause[] = [];
  for (const t of Object.values(EVENT_TYPES)) {
    if (t.aspect !== aspect) continue;
    const own = t.causes ? t.causes(a, b, detail) : [ruleDifference(a, b, (r) => r.event.type === t.type, detail)].filter((c) => c !== undefined);
    found.push(...own);
    if (aspect === 'weight' && found.length > 0) break;
  }
  return found;
}

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
      const rules = ruleCauses('refusal', a, b, detail);
      if (rules.length > 0) return rules;
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
    ruleCauses('points', a, b, '').forEach(add);
    if (!sameParam(a.pack, b.pack, 'maxPoints')) add(parameterCause(a, b, 'maxPoints', `at most ${ra.maxPoints} → ${rb.maxPoints} points`));
  }
  if (weightChanged) {
    const wa = ra.categoryWeights;
    const wb = rb.categoryWeights;
    const detail = `IA weight ${wa.ia}% → ${wb.ia}% (${wa.table} row ${wa.row} → ${wb.table} row ${wb.row})`;
    const found = ruleCauses('weight', a, b, detail);
    found.forEach(add);
    if (found.length === 0) add({ key: `weight:${wb.table}#${wb.row}`, kind: 'other', subject: wb.table, summary: `IA weight from ${wb.table} row ${wb.row}`, detail });
  }
  if (causes.size === 0) {
    add({ key: 'other', kind: 'other', subject: '', summary: 'no single activity, rule or parameter explains it', detail: `${ra.points} → ${rb.points} points, IA weight ${ra.categoryWeight}% → ${rb.categoryWeight}%` });
  }
  return [...causes.values()];
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
  const notCounted = y.counted ? x : y;
  const reason = notCounted.reason;
  const detail = `${id} ${y.counted ? `counts in ${b.year} (${x.points} → ${y.points} points); in ${a.year}: ${reason}` : `no longer counts (${x.points} → ${y.points} points): ${reason}`}`;
  // The parameters behind the reason, as the result gives them; an informational one decides nothing.
  const changedParam = (notCounted.parameters ?? []).map((p) => p.name)
    .find((name) => !a.pack.parameters.get(name)?.informational && !sameParam(a.pack, b.pack, name));
  if (changedParam) return parameterCause(a, b, changedParam, detail);
  const fields = activityChanges(a.pack.inventory.get(id)!, b.pack.inventory.get(id)!).filter((c) => c.group === 'programs' || c.group === 'rules' || c.field === 'mvpOnly');
  if (fields.length > 0) {
    return { key: `activity-rule:${id}`, kind: 'activity-rule', subject: id, summary: `${id}: ${fields.map((f) => f.field).join(', ')} changed in ${b.year}`, detail };
  }
  // An MVP restriction that started or stopped, etc.: the rule behind it.
  const [ruleCause] = ruleCauses('eligibility', a, b, detail);
  if (ruleCause) return ruleCause;
  return { key: `activity-counted:${id}`, kind: 'activity-counted', subject: id, summary: `${id} ${y.counted ? 'counts' : 'does not count'} in ${b.year}`, detail };
}

/** The fired rule names of a decision, for reports. */
export function firedRuleNames(d: Decision | undefined): string[] {
  return d ? d.fired.map((r) => r.name) : [];
}
