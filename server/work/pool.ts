// The worker threads (piscina) that run pack validation, impact and comparisons off the main
// thread, so that scoring, health and every other request keep their speed while they work.
// Bounded: a few threads, a queue, and a deadline per request; past the deadline, or with the
// queue full, the request is a 503 with Retry-After and its work is stopped (a running task's
// thread is terminated and replaced). The client going away stops its work too.
//
// Each set of packs has its threads: they get the packs once, as a structured clone. A request
// runs with the set it took at its start; after a reload, the previous set's threads finish
// what they have and close.
import { fileURLToPath } from 'node:url';
import type { Response } from 'express';
import { Piscina } from 'piscina';
import type { PackSet } from '../../engine/pack/load.js';
import { problem } from '../problem.js';
import type { TaskInput, TaskKind } from './tasks.js';
import type { TaskOutcome } from './worker.js';

export interface WorkOptions {
  threads: number;
  /** Tasks that may wait for a thread. */
  queue: number;
  /** From the call to the answer, waiting included. */
  deadlineMs: number;
}

// Run from sources (the tests), the worker is TypeScript too: tsx loads it.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_FILE = fileURLToPath(new URL(`./worker.${FROM_SOURCES ? 'ts' : 'js'}`, import.meta.url));

/** How much nicer than the process its worker threads are (where the OS allows it). */
const WORKER_NICE = 10;

interface Threads {
  piscina: Piscina;
  pending: number;
}

export class WorkPool {
  readonly #pools = new Map<PackSet, Threads>();

  /** current: the packs new requests take (the store's). */
  constructor(readonly options: WorkOptions, private readonly current: () => PackSet) {}

  /** The task's JSON answer; a problem it found, thrown; 503 past the deadline or with the queue full. */
  async run<K extends TaskKind>(packs: PackSet, kind: K, input: TaskInput<K>, res?: Response): Promise<string> {
    const threads = this.#threadsFor(packs);
    const timeout = AbortSignal.timeout(this.options.deadlineMs);
    const gone = new AbortController();
    const onClose = () => gone.abort();
    res?.once('close', onClose);
    threads.pending++;
    let outcome: TaskOutcome;
    try {
      outcome = await threads.piscina.run({ kind, input }, { signal: AbortSignal.any([timeout, gone.signal]) });
    } catch (e) {
      if (timeout.aborted) {
        const s = Math.ceil(this.options.deadlineMs / 1000);
        throw problem('overloaded', `the work was not done within ${s} s (waiting for a worker thread included) and was stopped; try again later, or send less`, { headers: { 'Retry-After': String(s) } });
      }
      if (/^(Task queue is at limit|No task queue available)/.test((e as Error).message)) {
        throw problem('overloaded', `${this.options.queue} requests are waiting for the worker threads; try again shortly`, { headers: { 'Retry-After': '1' } });
      }
      throw e;
    } finally {
      res?.off('close', onClose);
      threads.pending--;
      this.#retire();
    }
    if ('problem' in outcome) throw problem(outcome.problem.kind, outcome.problem.detail, outcome.problem.extras);
    return outcome.json;
  }

  /** Stops every thread (at exit). */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((t) => t.piscina.destroy()));
  }

  #threadsFor(packs: PackSet): Threads {
    let threads = this.#pools.get(packs);
    if (!threads) {
      threads = {
        piscina: new Piscina({
          filename: WORKER_FILE,
          workerData: { packs },
          minThreads: this.options.threads,
          maxThreads: this.options.threads,
          maxQueue: this.options.queue,
          idleTimeout: 60_000,
          // Below the main thread in the scheduler's eyes (Linux nice, per thread): on a machine of
          // few cores, scoring and health keep their share while the workers are busy.
          niceIncrement: WORKER_NICE,
          execArgv: FROM_SOURCES ? ['--import', 'tsx'] : [],
        }),
        pending: 0,
      };
      this.#pools.set(packs, threads);
    }
    return threads;
  }

  /** The threads of a set no longer current close once they have nothing to do. */
  #retire(): void {
    const current = this.current();
    for (const [packs, threads] of this.#pools) {
      if (packs === current || threads.pending > 0) continue;
      this.#pools.delete(packs);
      void threads.piscina.destroy();
    }
  }
}
