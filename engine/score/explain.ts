import type { Decision } from '../rules/decision.js';
import { EVENT_TYPES } from '../rules/events.js';
import type { Parameter, YearPack } from '../types.js';
import { describeParam } from './params.js';
import type { CategoryWeights } from './weights.js';

// Weight tables are quoted by the row that applies (an overridden table: the same row), not whole.

/** One rule that fired, as the result explains it. */
export interface RuleExplanation {
  name: string;
  description: string;
  /** What it did to this submission. */
  effect: string;
  reference?: string;
  /** The pack year that set the rule. */
  year: number;
  /** The parameters it read, as `name@year → value`. */
  parameters: string[];
  /** Notes of the rule and of inferred parameters it read (their reasoning, where no source states the value). */
  notes?: string[];
}

const explained = new WeakMap<Decision, Map<string, readonly RuleExplanation[]>>();

/**
 * The rules that fired, explained. A decision with its weight row always explains alike, so the
 * explanation is built once per pair and shared, frozen, by every result that carries it.
 */
export function explainRules(pack: YearPack, decision: Decision, weights: CategoryWeights): readonly RuleExplanation[] {
  let byRow = explained.get(decision);
  if (!byRow) explained.set(decision, (byRow = new Map()));
  const key = `${weights.table} ${weights.row}`;
  let rules = byRow.get(key);
  if (!rules) {
    rules = Object.freeze(buildExplanations(pack, decision, weights).map((r) => {
      Object.freeze(r.parameters);
      if (r.notes) Object.freeze(r.notes);
      return Object.freeze(r);
    }));
    byRow.set(key, rules);
  }
  return rules;
}

function buildExplanations(pack: YearPack, decision: Decision, weights: CategoryWeights): RuleExplanation[] {
  return decision.fired.map((rule) => {
    const read: Parameter[] = [];
    const effect = EVENT_TYPES[rule.event.type].explain(rule, { pack, decision, weights }, read);
    const notes = [rule.note, ...read.filter((p) => p.inferred || p.reference === undefined).map((p) => p.note)].filter((n): n is string => !!n);
    return {
      name: rule.name,
      description: rule.description,
      effect,
      ...(rule.reference ? { reference: rule.reference } : {}),
      year: rule.year,
      parameters: read.map((p) => (p.name.startsWith('categoryWeights.') ? describeParam(p, { [weights.row]: pickRow(p, weights.row) }) : describeParam(p))),
      ...(notes.length ? { notes } : {}),
    };
  });
}

function pickRow(p: Parameter, row: string): unknown {
  return (p.value as Record<string, unknown>)[row] ?? `no ${row} row`;
}
