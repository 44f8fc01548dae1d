import type { PackSet } from '../pack/load.js';
import type { YearPack } from '../types.js';
import { Decider } from '../rules/decider.js';
import { param } from './params.js';

/** What scoring needs of a year, built once per pack. */
export interface CompiledYear {
  decider: Decider;
  pcmhAttestationIds: ReadonlySet<string>;
  maxPoints: number;
  /** 0 when the year has no CEHRT bonus. */
  cehrtBonusPercent: number;
  /** The performance year's first and last days, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
}

const compiled = new WeakMap<YearPack, CompiledYear>();

export function compileYear(pack: YearPack): CompiledYear {
  let year = compiled.get(pack);
  if (!year) {
    year = {
      decider: new Decider(pack),
      pcmhAttestationIds: new Set([...pack.inventory.values()].filter((a) => a.pcmhAttestation).map((a) => a.id)),
      maxPoints: param(pack, 'maxPoints').value as number,
      cehrtBonusPercent: (pack.parameters.get('credits.cehrtBonusPercent')?.value as number | undefined) ?? 0,
      firstDay: `${pack.year}-01-01`,
      lastDay: `${pack.year}-12-31`,
    };
    compiled.set(pack, year);
  }
  return year;
}

const activityYears = new WeakMap<PackSet, Map<string, number[]>>();

/** The years each activity ID is attestable in, across a pack set. */
export function yearsIndex(packs: PackSet): (id: string) => number[] {
  let index = activityYears.get(packs);
  if (!index) {
    index = new Map();
    for (const [year, pack] of packs) {
      for (const id of pack.activities.keys()) index.set(id, [...(index.get(id) ?? []), year]);
    }
    activityYears.set(packs, index);
  }
  const found = index;
  return (id) => found.get(id) ?? [];
}
