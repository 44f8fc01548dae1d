import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { PackSet } from '../../engine/pack/load.js';
import { scoreBatch, type Batch, type BatchOutcome } from './score-lines.js';

/** A block is cut at the first line end after this many bytes (a few hundred submissions). */
const BATCH_BYTES = 128 * 1024;
const NEWLINE = 0x0a;

/** Scores batches one at a time: this thread, or a worker thread. */
interface Scorer {
  run(batch: Batch): Promise<BatchOutcome>;
  close(): Promise<unknown>;
}

function inThread(packs: PackSet, explain: boolean): Scorer {
  return { run: (b) => scoreBatch(packs, b, explain), close: async () => undefined };
}

/** A worker answers its batches in the order it was sent them. */
function onWorker(packs: PackSet, explain: boolean): Scorer {
  // The packs travel materialized (a structured clone): the worker never parses or validates YAML.
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { packs, explain } });
  const waiting: { resolve: (o: BatchOutcome) => void; reject: (e: Error) => void }[] = [];
  worker.on('message', (o: BatchOutcome) => waiting.shift()?.resolve(o));
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

  const queue: Promise<BatchOutcome>[] = [];
  let failed = 0;
  const writeOldest = async () => {
    const outcome = await queue.shift()!;
    failed += outcome.failed;
    if (outcome.bytes.length > 0 && !output.write(outcome.bytes)) await once(output, 'drain');
  };
  const dispatch = async (batch: Batch) => {
    const scorer = await acquire();
    queue.push(scorer.run(batch).finally(() => release(scorer)));
    while (queue.length > slots) await writeOldest();
  };

  try {
    // This thread only cuts the input into blocks of whole lines and counts them; the scoring
    // threads decode and split them.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let firstLine = 1;
    const cut = async (block: Buffer) => {
      await dispatch({ firstLine, bytes: block });
      for (let at = block.indexOf(NEWLINE); at >= 0; at = block.indexOf(NEWLINE, at + 1)) firstLine++;
    };
    for await (const data of input as AsyncIterable<Buffer | string>) {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      pending.push(chunk);
      pendingBytes += chunk.length;
      const end = chunk.lastIndexOf(NEWLINE);
      if (pendingBytes < BATCH_BYTES || end < 0) continue;
      const all = Buffer.concat(pending, pendingBytes);
      const split = pendingBytes - chunk.length + end + 1;
      pending = split < all.length ? [all.subarray(split)] : [];
      pendingBytes = all.length - split;
      await cut(all.subarray(0, split));
    }
    // A last line without its newline.
    if (pendingBytes > 0) await cut(Buffer.concat([...pending, Buffer.from('\n')]));
    while (queue.length > 0) await writeOldest();
  } finally {
    await Promise.all(scorers.map((s) => s.close()));
  }
  return failed;
}
