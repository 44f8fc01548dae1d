// What the two credit events share: a rule that fires adds credit on a basis (pcmh, apmCredit,
// app, study, …) from a parameter; the events differ in how the parameter becomes points.
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
  };
}
