import type { PackSet } from '../../engine/pack/load.js';
import { resultJson } from '../../engine/score/result-json.js';
import { ScoreError } from '../../engine/score/score-error.js';
import { score } from '../../engine/score/score.js';

/** Whole lines of the input, as its bytes: decoding and splitting are the scoring thread's work. */
export interface Batch {
  /** The number of the block's first line in the input (1-based). */
  firstLine: number;
  bytes: Uint8Array;
}

export interface BatchOutcome {
  /** One output line per non-blank input line, newline-terminated, in input order, UTF-8. */
  bytes: Uint8Array;
  failed: number;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Scores a block of NDJSON lines: a result per line, or {line, error} for a line that is not
 * JSON or not a valid submission. Lines end in \n or \r\n; blank lines are skipped but counted.
 */
export async function scoreBatch(packs: PackSet, batch: Batch, explain: boolean): Promise<BatchOutcome> {
  const lines = decoder.decode(batch.bytes).split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: string[] = [];
  let failed = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() === '') continue;
    try {
      out.push(resultJson(await score(packs, JSON.parse(line), { explain })));
    } catch (e) {
      if (!(e instanceof ScoreError) && !(e instanceof SyntaxError)) throw e;
      const error = e instanceof ScoreError ? { code: e.code, message: e.message, errors: e.errors } : { code: 'INVALID_JSON', message: e.message, errors: [] };
      out.push(JSON.stringify({ line: batch.firstLine + i, error }));
      failed++;
    }
  }
  out.push('');
  return { bytes: encoder.encode(out.join('\n')), failed };
}
