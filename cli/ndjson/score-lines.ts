import type { PackSet } from '../../engine/pack/load.js';
import { ScoreError } from '../../engine/score/score-error.js';
import { resultJson } from '../../engine/score/result-json.js';
import { score } from '../../engine/score/score.js';

export interface LinesOutcome {
  /** One output line per non-blank input line, newline-terminated, in input order. */
  text: string;
  failed: number;
}

/**
 * Scores a batch of NDJSON lines: a result per line, or {line, error} for a line that is not
 * JSON or not a valid submission. `firstLine` numbers the lines across batches.
 */
export async function scoreLines(packs: PackSet, lines: readonly string[], firstLine: number, explain: boolean): Promise<LinesOutcome> {
  let text = '';
  let failed = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    try {
      text += `${resultJson(await score(packs, JSON.parse(line), { explain }))}\n`;
    } catch (e) {
      if (!(e instanceof ScoreError) && !(e instanceof SyntaxError)) throw e;
      const error = e instanceof ScoreError ? { code: e.code, message: e.message, errors: e.errors } : { code: 'INVALID_JSON', message: e.message, errors: [] };
      text += `${JSON.stringify({ line: firstLine + i, error })}\n`;
      failed++;
    }
  }
  return { text, failed };
}
