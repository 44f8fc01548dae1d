// A block thread: given its job once (the materialized packs, a structured clone), it does the
// job on each block it is sent and hands its answer back.
import { parentPort, workerData } from 'node:worker_threads';
import { blockWork, type Job } from './jobs.js';
import type { Batch } from './parallel.js';

const work = blockWork(workerData as Job);
parentPort!.on('message', (batch: Batch) => {
  void work(batch).then(({ outcome, transfer }) => parentPort!.postMessage(outcome, transfer));
});
