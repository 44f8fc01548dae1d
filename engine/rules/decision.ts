// A decision: what a year's rules decided for one combination of facts, made from the rules
// that fired by each one's event type (events/). The arithmetic that follows (score.ts) reads it.
import type { Rule, YearPack } from '../types.js';
import type { SelectedWeights } from '../score/weights.js';
import { EVENT_TYPES } from './events.js';

/** A credit rule that fired, in points. */
export interface Credit {
  rule: Rule;
  points: number;
}

export interface Decision {
  /** Every rule that fired, highest priority first (pack order among equals). */
  fired: Rule[];
  /** The rule whose table applies, per kind; other rules of the kind that fired were overridden. */
  pointsTable: Rule;
  weightTable: Rule;
  /** Points per weight of the table pointsTable names. */
  points: Record<string, number>;
  credits: Credit[];
  reweighted: Set<string>;
  restrictToMvp: boolean;
  rejections: Rule[];
  warnings: string[];
  /** The weight row per combination of categories the submission reweights (see weightsFor). */
  weightRows: Map<number, SelectedWeights>;
}

/** A combination of facts for which no rule picks a table of a required kind: the check reports these. */
export class DecisionGap extends Error {
  constructor(readonly pack: YearPack, readonly missing: string) {
    super(`${pack.file}: no rule of ${pack.year} picks a ${missing} for these facts (mips-ia check lists every such gap)`);
    this.name = 'DecisionGap';
  }
}

/** The decision of the rules that fired, given highest priority first. */
export function decide(pack: YearPack, fired: Rule[]): Decision {
  const d = {
    fired, credits: [], reweighted: new Set<string>(), restrictToMvp: false, rejections: [], warnings: [], weightRows: new Map(),
  } as unknown as Decision;
  for (const rule of fired) EVENT_TYPES[rule.event.type].apply(rule, d, pack);
  for (const type of Object.values(EVENT_TYPES)) {
    if (type.exclusive?.required && !fired.some((r) => r.event.type === type.type)) throw new DecisionGap(pack, type.type);
  }
  return d;
}

/** Rules that fired, highest priority first, pack order among equals (json-rules-engine's order). */
export function byPriority(pack: YearPack, rules: Iterable<Rule>): Rule[] {
  const order = new Map(pack.rules.map((r, i) => [r, i]));
  return [...rules].sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1) || order.get(a)! - order.get(b)!);
}
