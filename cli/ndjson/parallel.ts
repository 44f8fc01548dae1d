import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { PackSet } from '../../engine/pack/load.js';
import { scoreLines, type LinesOutcome } from './score-lines.js';
import type { Batch } from './worker.js';

const BATCH_LINES = 500;

/** Scores batches one at a time: this thread, or a worker thread. */
interface Scorer {
  run(batch: Batch): Promise<LinesOutcome>;
  close(): Promise<unknown>;
}

function inThread(packs: PackSet, explain: boolean): Scorer {
  return { run: (b) => scoreLines(packs, b.lines, b.firstLine, explain), close: async () => undefined };
}

/** A worker answers its batches in the order it was sent them. */
function onWorker(packs: PackSet, explain: boolean): Scorer {
  // The packs travel materialized (a structured clone): the worker never parses or validates YAML.
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { packs, explain } });
  const waiting: { resolve: (o: LinesOutcome) => void; reject: (e: Error) => void }[] = [];
  worker.on('message', (o: LinesOutcome) => waiting.shift()?.resolve(o));
  worker.on('error', (e) => waiting.splice(0).forEach((w) => w.reject(e)));
  return {
    run: (batch) => new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      worker.postMessage(batch);
    }),
    close: () => worker.terminate(),
  };
}

/**
 * Batches a scorer may hold at once: two for a worker, so that it has the next one queued
 * while this thread is busy scoring its own; one for this thread.
 */
const WORKER_DEPTH = 2;

/**
 * Scores NDJSON on `threads` threads (this one and threads - 1 workers), batch by batch,
 * writing results in input order. At most a few batches per thread are held, and
 * writing respects the output's backpressure, so memory stays flat whatever the input size.
 * Resolves to the number of lines that failed.
 */
export async function scoreNdjsonStream(input: Readable, output: Writable, opts: { threads: number; packs: PackSet; explain: boolean }): Promise<number> {
  const scorers = [inThread(opts.packs, opts.explain)];
  for (let i = 1; i < opts.threads; i++) scorers.push(onWorker(opts.packs, opts.explain));
  // Free slots, popped from the end: workers first, as this thread also reads and writes.
  const free = [scorers[0], ...scorers.slice(1).flatMap((w) => Array<Scorer>(WORKER_DEPTH).fill(w))];
  const slots = free.length;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    while (free.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    return free.pop()!;
  };
  const release = (s: Scorer) => {
    free.push(s);
    waiting.shift()?.();
  };

  const queue: Promise<LinesOutcome>[] = [];
  let failed = 0;
  const writeOldest = async () => {
    const outcome = await queue.shift()!;
    failed += outcome.failed;
    if (outcome.text && !output.write(outcome.text)) await once(output, 'drain');
  };
  const dispatch = async (batch: Batch) => {
    const scorer = await acquire();
    queue.push(scorer.run(batch).finally(() => release(scorer)));
    while (queue.length > slots) await writeOldest();
  };

  try {
    let lines: string[] = [];
    let lineNo = 0;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lines.push(line);
      if (lines.length === BATCH_LINES) {
        await dispatch({ firstLine: lineNo + 1, lines });
        lineNo += lines.length;
        lines = [];
      }
    }
    if (lines.length > 0) await dispatch({ firstLine: lineNo + 1, lines });
    while (queue.length > 0) await writeOldest();
  } finally {
    await Promise.all(scorers.map((s) => s.close()));
  }
  return failed;
}
