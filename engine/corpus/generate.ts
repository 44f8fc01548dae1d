import fc from 'fast-check';
import type { PackSet } from '../pack/load.js';
import { packOf, ScoreError } from '../score/score-error.js';
import { score } from '../score/score.js';
import type { Submission } from '../score/submission.js';
import { corpusSubmissionArb } from './realistic.js';

// A synthetic corpus, reproducible from its seed: drawn in batches, each batch from a seed
// derived from the corpus seed and the batch number, so any count streams in constant memory
// and the first N submissions are the same whatever the count.

const BATCH = 500;

/** A 32-bit seed for batch `i` of corpus seed `seed` (a small integer hash). */
function batchSeed(seed: number, i: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

/**
 * `count` submissions of `year`, each one the year scores (a drawn submission the year's rules
 * refuse is drawn again, so the corpus is what a year actually receives).
 */
export async function* generateCorpus(packs: PackSet, year: number, count: number, seed: number): AsyncGenerator<Submission> {
  const pack = packOf(packs, year, 'year');
  const arb = corpusSubmissionArb(pack);
  let produced = 0;
  for (let batch = 0; produced < count; batch++) {
    for (const sub of fc.sample(arb, { seed: batchSeed(seed, batch), numRuns: BATCH })) {
      if (produced >= count) return;
      try {
        await score(packs, sub, { explain: false });
      } catch (e) {
        if (e instanceof ScoreError) continue;
        throw e;
      }
      produced++;
      yield sub;
    }
  }
}
