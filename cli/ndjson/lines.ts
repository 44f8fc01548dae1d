import type { Batch } from './parallel.js';

/** A line of a block: its number in the input, and its text, or null when it is not UTF-8. */
export interface BlockLine {
  line: number;
  text: string | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const NEWLINE = 0x0a;

/**
 * The lines of a block of whole lines (ending in \n or \r\n), numbered. The block is decoded at
 * once; only a block with bytes that are not UTF-8 is decoded line by line, to find them
 * (never replaced with U+FFFD: a line that is not UTF-8 is not the line its writer meant).
 */
export function blockLines(batch: Batch): BlockLine[] {
  let texts: (string | null)[];
  try {
    texts = utf8.decode(batch.bytes).split('\n');
    if (texts.at(-1) === '') texts.pop();
  } catch {
    texts = [];
    for (let start = 0; start < batch.bytes.length;) {
      const end = batch.bytes.indexOf(NEWLINE, start);
      const stop = end < 0 ? batch.bytes.length : end;
      try {
        texts.push(utf8.decode(batch.bytes.subarray(start, stop)));
      } catch {
        texts.push(null);
      }
      start = stop + 1;
    }
  }
  return texts.map((t, i) => ({ line: batch.firstLine + i, text: t !== null && t.endsWith('\r') ? t.slice(0, -1) : t }));
}
