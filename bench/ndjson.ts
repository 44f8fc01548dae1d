// Bulk scoring through the CLI: mips-ia score --ndjson on a generated corpus, whole process.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { generateCorpus } from '../engine/corpus/generate.js';
import type { PackSet } from '../engine/pack/load.js';
import { packageRoot } from '../engine/paths.js';
import { timeCommand } from './processes.js';
import { median } from './stats.js';

export interface NdjsonFigures {
  submissions: number;
  threads: number;
  runs: number;
  medianSeconds: number;
  perSecond: number;
  peakRssMb: number | null;
}

/** Writes a corpus of `count` lines, repeating a generated block (generation is the slow part). */
export async function writeCorpus(packs: PackSet, file: string, year: number, count: number, seed: number): Promise<void> {
  const block: string[] = [];
  for await (const s of generateCorpus(packs, year, Math.min(count, 100_000), seed)) block.push(JSON.stringify(s));
  const out = createWriteStream(file);
  const text = `${block.join('\n')}\n`;
  for (let written = 0; written < count; written += block.length) {
    const part = count - written >= block.length ? text : `${block.slice(0, count - written).join('\n')}\n`;
    if (!out.write(part)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The figures of timed runs of a command over `submissions` lines. */
export function figuresOf(what: string, runs: ReturnType<typeof timeCommand>[], submissions: number, threads: number): NdjsonFigures {
  for (const r of runs) if (r.status !== 0) throw new Error(`${what} exited ${r.status}`);
  const seconds = median(runs.map((r) => r.seconds));
  const rss = runs.map((r) => r.peakRssMb).filter((m): m is number => m !== null);
  return { submissions, threads, runs: runs.length, medianSeconds: seconds, perSecond: Math.round(submissions / seconds), peakRssMb: rss.length ? Math.max(...rss) : null };
}

export const CLI = join(packageRoot, 'dist/cli/main.js');

/** One whole-process run of mips-ia score --ndjson over the file. */
export function timeNdjson(file: string, threads: number): ReturnType<typeof timeCommand> {
  return timeCommand(process.execPath, [CLI, 'score', '--ndjson', '--no-explain', '--threads', String(threads), file]);
}
