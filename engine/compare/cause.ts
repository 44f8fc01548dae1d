// A cause of a change in a submission's score from one year to the next, as data (a stable key
// that impact tallies, the subject, the parameter change behind it) and as text, and the pieces
// that name one: a parameter that changed, a rule that started or stopped applying and why.
// The event types (engine/rules/events/) name the causes of the part of a score they move.
import { canonicalJson } from '../pack/canonical-json.js';
import { paramSide, type ParamSide } from '../diff/diff.js';
import { factsRead } from '../rules/conditions.js';
import { FACT_PARAMETERS, type Facts } from '../rules/facts.js';
import { formatValue } from '../score/params.js';
import type { Parameter, Rule, YearPack } from '../types.js';
import type { Evaluation } from './evaluate.js';

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

export const sameParam = (a: YearPack, b: YearPack, name: string) => canonicalJson(a.parameters.get(name)?.value ?? null) === canonicalJson(b.parameters.get(name)?.value ?? null);

export function parameterCause(a: Evaluation, b: Evaluation, name: string, detail: string, suffix = ''): Cause {
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

/** `; rule X added in <year>` and the like, when the rule itself is new, gone or redefined. */
export function ruleNews(pa: YearPack, pb: YearPack, rule: Rule): string | undefined {
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
export function ruleDifference(a: Evaluation, b: Evaluation, filter: (r: Rule) => boolean, detail = ''): Cause | undefined {
  const namesA = new Set(a.decision!.fired.filter(filter).map((r) => r.name));
  const namesB = new Set(b.decision!.fired.filter(filter).map((r) => r.name));
  const started = b.decision!.fired.filter(filter).find((r) => !namesA.has(r.name));
  const stopped = a.decision!.fired.filter(filter).find((r) => !namesB.has(r.name));
  const rule = started ?? stopped;
  if (!rule) return undefined;
  return ruleCause(a, b, rule, rule === started, detail);
}

export function ruleCause(a: Evaluation, b: Evaluation, rule: Rule, started: boolean, detail: string): Cause {
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

