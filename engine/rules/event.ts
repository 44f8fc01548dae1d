// What every event type of the rules defines, in one module of events/ each: how a pack's use of
// it is checked, what it does to a decision, how a result explains it, which part of a score it
// moves (compare names its causes there) and how the generators of test submissions treat it.
import type { Cause } from '../compare/cause.js';
import type { Evaluation } from '../compare/evaluate.js';
import type { Parameter, Rule, YearPack } from '../types.js';
import type { Decision } from './decision.js';
import type { CategoryWeights } from '../score/weights.js';

export type EventTypeName = Rule['event']['type'];

/** A problem with a rule's event that the schema cannot see, at one of its params. */
export interface EventProblem {
  param: keyof Rule['event']['params'];
  message: string;
}

/** What a fired rule's explanation reads: the year, the decision and the weight row applied. */
export interface ExplainContext {
  pack: YearPack;
  decision: Decision;
  weights: CategoryWeights;
}

/**
 * The part of a score an event moves: compare and impact look for the causes of a change among
 * the rules whose events move that part.
 */
export type Aspect = 'points' | 'weight' | 'refusal' | 'eligibility' | 'warnings';

export interface EventType {
  readonly type: EventTypeName;
  readonly aspect: Aspect;
  /**
   * Exclusive kinds: one rule of the kind applies, the highest priority that fires (the others
   * are overridden); required ones must apply for every combination of facts (the check calls a
   * combination with none a gap). `outcome` is what two rules of the kind firing at the same
   * priority must agree on, or the check calls them ambiguous.
   */
  readonly exclusive?: { required: boolean; outcome(rule: Rule): string };
  /** Problems the schema cannot see, against the year's parameters (materialize). */
  check(rule: Rule, parameters: ReadonlyMap<string, Parameter>): EventProblem[];
  /** What the fired rule adds to the decision; rules come highest priority first. */
  apply(rule: Rule, decision: Decision, pack: YearPack): void;
  /** What the fired rule did to a result; the parameters it read are pushed onto `read`. */
  explain(rule: Rule, ctx: ExplainContext, read: Parameter[]): string;
  /**
   * Why the part of the score this event moves changed from a to b (both scored), where that
   * takes more than a rule of this type starting or stopping to fire (compare's default).
   */
  causes?(a: Evaluation, b: Evaluation, detail: string): Cause[];
}

/** A parameter an event names must exist in the year. */
export function parameterExists(rule: Rule, key: 'table' | 'parameter', parameters: ReadonlyMap<string, Parameter>): EventProblem[] {
  const ref = rule.event.params[key];
  if (ref === undefined || parameters.has(ref)) return [];
  return [{ param: key, message: `no parameter '${ref}' in this year; expected one of ${[...parameters.keys()].join(', ')}` }];
}
