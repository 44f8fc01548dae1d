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

export function measureNdjson(file: string, submissions: number, threads: number, runs: number): NdjsonFigures {
  const cli = join(packageRoot, 'dist/cli/main.js');
  const results = Array.from({ length: runs }, () => {
    const r = timeCommand(process.execPath, [cli, 'score', '--ndjson', '--no-explain', '--threads', String(threads), file]);
    if (r.status !== 0) throw new Error(`mips-ia score --ndjson exited ${r.status}`);
    return r;
  });
  const seconds = median(results.map((r) => r.seconds));
  const rss = results.map((r) => r.peakRssMb).filter((m): m is number => m !== null);
  return { submissions, threads, runs, medianSeconds: seconds, perSecond: Math.round(submissions / seconds), peakRssMb: rss.length ? Math.max(...rss) : null };
}
