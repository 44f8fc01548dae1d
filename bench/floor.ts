// The floor: a hand-written scorer for one year, the physical limit of this work (a lookup
// and a sum). It knows 2024's traditional-MIPS tables by heart; kept only for the bench.
import type { YearPack } from '../engine/types.js';
import type { Submission } from '../engine/score/submission.js';

const POINTS = { medium: [10, 20], high: [20, 40] } as const;

export function floorScorer(pack: YearPack) {
  const weights = new Map([...pack.activities.values()].filter((a) => a.weight).map((a) => [a.id, a.weight as 'medium' | 'high']));
  return (sub: Submission): number => {
    const s = sub.specialStatus;
    const special = s && (s.smallPractice || s.rural || s.hpsa || s.nonPatientFacing) ? 1 : 0;
    let points = 0;
    for (const a of sub.activities ?? []) {
      const w = weights.get(a.id);
      if (w) points += POINTS[w][special];
    }
    return Math.min(40, points);
  };
}
