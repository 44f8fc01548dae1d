import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { emptyTally, mergeTally, type ImpactSide, type ImpactTally } from '../../engine/impact/impact.js';
import type { PackSet } from '../../engine/pack/load.js';
import { blockWork, type Job, type JobOutcome } from './jobs.js';

/** Whole lines of the input, as its bytes: decoding and splitting are the block thread's work. */
export interface Batch {
  /** The number of the block's first line in the input (1-based). */
  firstLine: number;
  bytes: Uint8Array;
}

/** A block is cut at the first line end after this many bytes (a few hundred submissions). */
const BATCH_BYTES = 128 * 1024;
const NEWLINE = 0x0a;

/** Does a job's batches one at a time: this thread, or a worker thread. */
interface Scorer<T> {
  run(batch: Batch): Promise<T>;
  close(): Promise<unknown>;
}

function inThread<J extends Job>(job: J): Scorer<JobOutcome<J>> {
  const work = blockWork(job);
  return { run: async (b) => (await work(b)).outcome, close: async () => undefined };
}

// Run from sources (the tests), the worker is TypeScript too: tsx, registered in it, loads it.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(`./worker.${FROM_SOURCES ? 'ts' : 'js'}`, import.meta.url);

/**
 * Worker threads for runBlocks, started before their job is known: each takes about half a
 * second to start (imports, its own Ajv compile), which then overlaps the caller's own
 * preparation (a draft's validation, say). Their job comes as their first message.
 */
export function startWorkers(count: number): Worker[] {
  return Array.from({ length: count }, () => FROM_SOURCES
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE.href)}); });`, { eval: true })
    : new Worker(WORKER_FILE));
}

/** A worker answers its batches in the order it was sent them. */
function onWorker<J extends Job>(worker: Worker, job: J): Scorer<JobOutcome<J>> {
  // The packs travel materialized (a structured clone): the worker never parses or validates YAML.
  worker.postMessage(job);
  const waiting: { resolve: (o: JobOutcome<J>) => void; reject: (e: Error) => void }[] = [];
  worker.on('message', (o: JobOutcome<J>) => waiting.shift()?.resolve(o));
  worker.on('error', (e) => waiting.splice(0).forEach((w) => w.reject(e)));
  return {
    run: (batch) => new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      worker.postMessage(batch);
    }),
    close: () => worker.terminate(),
  };
}

export interface BlockOptions {
  workers: readonly Worker[];
  /** Outcomes in flight or done and not yet taken, at most (default and least: one per slot). */
  held?: number;
  /** Hears the bytes done so far. */
  progress?: (bytes: number) => void;
}

/**
 * Batches a scorer may hold at once: two for a worker, so that it has the next one queued
 * while this thread is busy scoring its own; one for this thread.
 */
const WORKER_DEPTH = 2;

/**
 * Impact's tallies held, at most: outcomes are taken in input order, so a block done early
 * waits for an older one; with room for more than the slots, a free thread scores on instead of
 * waiting for a slower one (a worker descheduled on a busy machine, a block of json-rules-engine
 * runs). A tally is small. Score outcomes are a block's output each and keep the default (held as
 * many, score --ndjson ran no faster and used more memory).
 */
const HELD_TALLIES = 16;

/**
 * Does a job on NDJSON on this thread and the `workers` (startWorkers; runBlocks ends them), block by block,
 * handing each block's outcome to `take` in input order. At most `held` blocks are
 * held, and `take` may wait (an output's backpressure), so memory stays flat whatever the input
 * size.
 */
export async function runBlocks<J extends Job>(input: Readable, job: J, opts: BlockOptions, take: (outcome: JobOutcome<J>) => void | Promise<void>): Promise<void> {
  const scorers = [inThread(job), ...opts.workers.map((w) => onWorker(w, job))];
  // Free slots, popped from the end: workers first, as this thread also reads and writes.
  const free = [scorers[0], ...scorers.slice(1).flatMap((w) => Array<Scorer<JobOutcome<J>>>(WORKER_DEPTH).fill(w))];
  const held = Math.max(free.length, opts.held ?? 0);
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    while (free.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    return free.pop()!;
  };
  const release = (s: Scorer<JobOutcome<J>>) => {
    free.push(s);
    waiting.shift()?.();
  };

  // Blocks in flight, oldest first, with their sizes: progress counts the bytes taken.
  const queue: { outcome: Promise<JobOutcome<J>>; bytes: number }[] = [];
  let taken = 0;
  const writeOldest = async () => {
    const oldest = queue.shift()!;
    await take(await oldest.outcome);
    taken += oldest.bytes;
    opts.progress?.(taken);
  };
  const dispatch = async (batch: Batch) => {
    const scorer = await acquire();
    queue.push({ outcome: scorer.run(batch).finally(() => release(scorer)), bytes: batch.bytes.length });
    while (queue.length > held) await writeOldest();
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
    // What is left: whole lines, or a last line without its newline.
    if (pendingBytes > 0) {
      const rest = Buffer.concat(pending, pendingBytes);
      await cut(rest.at(-1) === NEWLINE ? rest : Buffer.concat([rest, Buffer.from('\n')]));
    }
    while (queue.length > 0) await writeOldest();
  } finally {
    await Promise.all(scorers.map((s) => s.close()));
  }
}

/**
 * Scores NDJSON (mips-ia score --ndjson), writing each line's answer in input order and
 * respecting the output's backpressure. Resolves to the number of lines that failed.
 */
export async function scoreNdjsonStream(input: Readable, output: Writable, opts: BlockOptions & { packs: PackSet; explain: boolean }): Promise<number> {
  let failed = 0;
  await runBlocks(input, { kind: 'score', packs: opts.packs, explain: opts.explain }, opts, async (outcome) => {
    failed += outcome.failed;
    if (outcome.bytes.length > 0 && !output.write(outcome.bytes)) await once(output, 'drain');
  });
  return failed;
}

/** The impact tally of an NDJSON corpus (mips-ia impact): the blocks' tallies merged in input order. */
export async function impactNdjsonStream(input: Readable, from: ImpactSide, to: ImpactSide, opts: BlockOptions): Promise<ImpactTally> {
  const total = emptyTally();
  await runBlocks(input, { kind: 'impact', from, to }, { held: HELD_TALLIES, ...opts }, (part) => void mergeTally(total, part));
  return total;
}
