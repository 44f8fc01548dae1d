import { ImpactRun, type ImpactSide, type ImpactTally } from '../../engine/impact/impact.js';
import { blockLines } from './lines.js';
import type { Batch } from './parallel.js';

/**
 * The impact tally of a block of NDJSON lines, as impact() counts them: blank lines skipped,
 * a line that is not JSON (or not UTF-8) or not a valid submission counted invalid.
 */
export async function impactBatch(from: ImpactSide, to: ImpactSide, batch: Batch): Promise<ImpactTally> {
  const run = new ImpactRun(from, to);
  for (const { text } of blockLines(batch)) {
    if (text === null) run.addUnreadable();
    else if (text.trim() !== '') {
      const added = run.add(text);
      if (added) await added;
    }
  }
  return run.tally;
}
