// The condition walker: json-rules-engine conditions as the packs write them (all / any / not,
// or a fact compared by an operator with a value), read in one place. The decider asks which
// facts a year's rules read; compare asks which facts a rule reads; the check and the
// generators ask whether a condition holds over facts known in full or in part.
// json-rules-engine stays the semantics of a pack: a property test holds `holds` to it.
import type { Condition } from '../types.js';

/** The facts a condition reads, added to `into`. */
export function factsRead(c: Condition, into: Set<string> = new Set()): Set<string> {
  if (c.fact !== undefined) into.add(c.fact);
  for (const sub of c.all ?? []) factsRead(sub, into);
  for (const sub of c.any ?? []) factsRead(sub, into);
  if (c.not) factsRead(c.not, into);
  return into;
}

/** The pack schema's operators, as json-rules-engine defines them. */
const OPERATORS: Record<string, (fact: unknown, value: unknown) => boolean> = {
  equal: (f, v) => f === v,
  notEqual: (f, v) => f !== v,
  in: (f, v) => (v as unknown[]).includes(f),
  notIn: (f, v) => !(v as unknown[]).includes(f),
  lessThan: (f, v) => (f as number) < (v as number),
  lessThanInclusive: (f, v) => (f as number) <= (v as number),
  greaterThan: (f, v) => (f as number) > (v as number),
  greaterThanInclusive: (f, v) => (f as number) >= (v as number),
};

/**
 * Whether the condition holds: true or false, or undefined when it depends on a fact that
 * `facts` does not give. An empty `all` always holds (a default rule).
 */
export function holds(c: Condition, facts: Readonly<Record<string, unknown>>): boolean | undefined {
  if (c.all) {
    let unknown = false;
    for (const sub of c.all) {
      const v = holds(sub, facts);
      if (v === false) return false;
      if (v === undefined) unknown = true;
    }
    return unknown ? undefined : true;
  }
  if (c.any) {
    let unknown = false;
    for (const sub of c.any) {
      const v = holds(sub, facts);
      if (v === true) return true;
      if (v === undefined) unknown = true;
    }
    return unknown ? undefined : false;
  }
  if (c.not) {
    const v = holds(c.not, facts);
    return v === undefined ? undefined : !v;
  }
  if (c.fact === undefined || !(c.fact in facts)) return undefined;
  return OPERATORS[c.operator!](facts[c.fact], c.value);
}

/** The condition as a function of facts known in full: what the check runs for every combination. */
export function compileCondition(c: Condition): (facts: Readonly<Record<string, unknown>>) => boolean {
  if (c.all) {
    const parts = c.all.map(compileCondition);
    return (f) => parts.every((p) => p(f));
  }
  if (c.any) {
    const parts = c.any.map(compileCondition);
    return (f) => parts.some((p) => p(f));
  }
  if (c.not) {
    const inner = compileCondition(c.not);
    return (f) => !inner(f);
  }
  const op = OPERATORS[c.operator!];
  const { fact, value } = c as { fact: string; value: unknown };
  return (f) => op(f[fact], value);
}
