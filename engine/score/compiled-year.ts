import type { YearPack } from '../types.js';
import { Decider } from '../rules/decider.js';
import { factPlan, type FactPlan } from '../rules/facts.js';
import { activityPlan, type ActivityPlan } from './activities.js';
import { param } from './params.js';

/** What scoring needs of a year, built once per pack. */
export interface CompiledYear {
  decider: Decider;
  facts: FactPlan;
  activities: ActivityPlan;
  /** The result's pack field, shared (frozen) by the year's results. */
  pack: Readonly<{ year: number; hash: string }>;
  maxPoints: number;
  /** 0 when the year has no CEHRT bonus. */
  cehrtBonusPercent: number;
}

const compiled = new WeakMap<YearPack, CompiledYear>();

export function compileYear(pack: YearPack): CompiledYear {
  let year = compiled.get(pack);
  if (!year) {
    year = {
      decider: new Decider(pack),
      facts: factPlan(pack),
      activities: activityPlan(pack),
      pack: Object.freeze({ year: pack.year, hash: pack.hash }),
      maxPoints: param(pack, 'maxPoints').value as number,
      cehrtBonusPercent: (pack.parameters.get('credits.cehrtBonusPercent')?.value as number | undefined) ?? 0,
    };
    compiled.set(pack, year);
  }
  return year;
}
