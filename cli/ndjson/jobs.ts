// What the block threads do with a block of NDJSON lines, by job: score each line (mips-ia
// score --ndjson: the output bytes), or tally the impact of a change (mips-ia impact: counts
// only, which this thread merges). A job crosses to a worker once, as a structured clone.
import type { ImpactSide, ImpactTally } from '../../engine/impact/impact.js';
import type { PackSet } from '../../engine/pack/load.js';
import { impactBatch } from './impact-lines.js';
import type { Batch } from './parallel.js';
import { scoreBatch, type BatchOutcome } from './score-lines.js';

export type Job =
  | { kind: 'score'; packs: PackSet; explain: boolean }
  | { kind: 'impact'; from: ImpactSide; to: ImpactSide };

export type JobOutcome<J extends Job> = J extends { kind: 'score' } ? BatchOutcome : ImpactTally;

/** The job's work on one block, and what of its answer moves to the other thread without a copy. */
export function blockWork<J extends Job>(job: J): (batch: Batch) => Promise<{ outcome: JobOutcome<J>; transfer: ArrayBuffer[] }> {
  if (job.kind === 'score') {
    return async (batch) => {
      const outcome = await scoreBatch(job.packs, batch, job.explain);
      return { outcome: outcome as JobOutcome<J>, transfer: [outcome.bytes.buffer as ArrayBuffer] };
    };
  }
  return async (batch) => ({ outcome: (await impactBatch(job.from, job.to, batch)) as JobOutcome<J>, transfer: [] });
}
