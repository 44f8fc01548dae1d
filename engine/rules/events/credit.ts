// What the two credit events share: a rule that fires adds credit on a basis (pcmh, apmCredit,
// app, study, …) from a parameter; the events differ in how the parameter becomes points.
import { parameterCause, ruleCause, type Cause } from '../../compare/cause.js';
import type { Evaluation } from '../../compare/evaluate.js';
import { param } from '../../score/params.js';
import type { Rule, YearPack } from '../../types.js';
import { parameterExists, type EventType } from '../event.js';

export function creditEvent(type: 'fullCredit' | 'minimumPoints', points: (value: number, pack: YearPack) => number, effect: (points: number, value: number, rule: Rule) => string): EventType {
  return {
    type,
    aspect: 'points',
    check: (rule, parameters) => parameterExists(rule, 'parameter', parameters),
    apply(rule, d, pack) {
      const value = param(pack, rule.event.params.parameter!).value as number | null;
      d.credits.push({ rule, points: value === null ? 0 : points(value, pack) });
    },
    explain(rule, { pack, decision }, read) {
      const p = param(pack, rule.event.params.parameter!);
      read.push(p);
      if (p.value === null) return `no ${rule.event.params.basis} credit this year (${p.name} is not set)`;
      return effect(decision.credits.find((c) => c.rule === rule)!.points, p.value as number, rule);
    },
    causes: (a, b) => creditCauses(a, b, type),
  };
}

/** Credit of this event type changed on a basis: its parameter, or the rule that gives it. */
function creditCauses(a: Evaluation, b: Evaluation, type: Rule['event']['type']): Cause[] {
  const causes: Cause[] = [];
  const credit = (e: Evaluation) => {
    const m = new Map<string, { rule: Rule; points: number }>();
    for (const { rule, points } of e.decision!.credits) {
      if (rule.event.type !== type) continue;
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


