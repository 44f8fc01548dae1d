import type { PackSet } from '../../engine/pack/load.js';
import { resultJson } from '../../engine/score/result-json.js';
import { ScoreError } from '../../engine/score/score-error.js';
import { score } from '../../engine/score/score.js';
import { blockLines } from './lines.js';
import type { Batch } from './parallel.js';

export interface BatchOutcome {
  /** One output line per input line, newline-terminated, in input order, UTF-8. */
  bytes: Uint8Array;
  failed: number;
}

const encoder = new TextEncoder();

/**
 * Scores a block of NDJSON lines. Each input line gets one output line naming it:
 * {line, result} (the result as schemas/result.schema.json), {line, error} for a line that is
 * not UTF-8, not JSON or not a valid submission, {line, skipped: "blank"} for a blank line.
 */
export async function scoreBatch(packs: PackSet, batch: Batch, explain: boolean): Promise<BatchOutcome> {
  const out: string[] = [];
  let failed = 0;
  for (const { line, text } of blockLines(batch)) {
    if (text !== null && text.trim() === '') {
      out.push(`{"line":${line},"skipped":"blank"}`);
      continue;
    }
    if (text === null) {
      out.push(JSON.stringify({ line, error: { code: 'INVALID_UTF8', message: 'the line is not UTF-8 text', errors: [] } }));
      failed++;
      continue;
    }
    try {
      out.push(`{"line":${line},"result":${resultJson(await score(packs, JSON.parse(text), { explain }))}}`);
    } catch (e) {
      if (!(e instanceof ScoreError) && !(e instanceof SyntaxError)) throw e;
      const error = e instanceof ScoreError ? { code: e.code, message: e.message, errors: e.errors } : { code: 'INVALID_JSON', message: e.message, errors: [] };
      out.push(JSON.stringify({ line, error }));
      failed++;
    }
  }
  out.push('');
  return { bytes: encoder.encode(out.join('\n')), failed };
}
