// In-process scoring throughput: naive (a json-rules-engine Engine per submission), ours
// (score(), explanations off and on), the floor (a hand-written scorer) and the floor after the
// same Ajv input check as score()'s, in interleaved rounds over one fixed seeded corpus.
import { generateCorpus } from '../engine/corpus/generate.js';
import type { PackSet } from '../engine/pack/load.js';
import { score } from '../engine/score/score.js';
import { checkSubmission, type Submission } from '../engine/score/submission.js';
import { floorScorer } from './floor.js';
import { naiveScorer } from './naive.js';
import { median, medianRatio } from './stats.js';

export interface InProcessFigures {
  year: number;
  corpus: number;
  rounds: number;
  /** Submissions per second, median of the rounds. */
  /** check: the Ajv input check alone, the first step of score(); floorWithCheck: that check, then the floor. */
  perSecond: { naive: number; oursExplainOff: number; oursExplainOn: number; floor: number; check: number; floorWithCheck: number };
  /** Medians of per-round ratios. */
  /** checkOverNaive: what ours/naive could be at most if everything after the input check were free. */
  /** oursOverFloorWithCheck: time per submission of score() (explanations off) over the floor's after the same check. */
  ratios: { oursOverNaive: number; floorOverOurs: number; explainOnCost: number; checkOverNaive: number; oursOverFloorWithCheck: number };
}

async function rate(subs: readonly Submission[], fn: (s: Submission) => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  for (const s of subs) await fn(s);
  return subs.length / (Number(process.hrtime.bigint() - start) / 1e9);
}

export async function measureInProcess(packs: PackSet, year: number, size: number, rounds: number, seed: number): Promise<InProcessFigures> {
  const corpus: Submission[] = [];
  for await (const s of generateCorpus(packs, year, size, seed)) corpus.push(s);
  const pack = packs.get(year)!;
  const naive = naiveScorer(pack);
  const floor = floorScorer(pack);
  // The naive baseline is ~100x slower: a slice keeps its rounds as long as the others'.
  const naiveSlice = corpus.slice(0, Math.max(500, Math.floor(size / 50)));
  const runs = { naive: [] as number[], off: [] as number[], on: [] as number[], floor: [] as number[], check: [] as number[], floorWithCheck: [] as number[] };
  for (let round = -1; round < rounds; round++) {
    const r = {
      naive: await rate(naiveSlice, naive),
      off: await rate(corpus, (s) => score(packs, s, { explain: false })),
      on: await rate(corpus, (s) => score(packs, s)),
      floor: await rate(corpus, floor),
      check: await rate(corpus, checkSubmission),
      floorWithCheck: await rate(corpus, (s) => floor(checkSubmission(s))),
    };
    if (round < 0) continue; // warm-up: JIT and the decision cache
    for (const k of Object.keys(runs) as (keyof typeof runs)[]) runs[k].push(r[k]);
  }
  return {
    year,
    corpus: size,
    rounds,
    perSecond: { naive: median(runs.naive), oursExplainOff: median(runs.off), oursExplainOn: median(runs.on), floor: median(runs.floor), check: median(runs.check), floorWithCheck: median(runs.floorWithCheck) },
    ratios: {
      oursOverNaive: medianRatio(runs.off, runs.naive),
      floorOverOurs: medianRatio(runs.floor, runs.off),
      explainOnCost: medianRatio(runs.off, runs.on),
      checkOverNaive: medianRatio(runs.check, runs.naive),
      oursOverFloorWithCheck: medianRatio(runs.floorWithCheck, runs.off),
    },
  };
}
