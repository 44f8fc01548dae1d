// A block thread: given its job once, as its first message (the materialized packs, a
// structured clone), it does the job on each block it is sent next and hands its answer back.
import { parentPort } from 'node:worker_threads';
import { blockWork, type Job } from './jobs.js';
import type { Batch } from './parallel.js';

let work: ReturnType<typeof blockWork> | undefined;
parentPort!.on('message', (message: Job | Batch) => {
  if (!work) {
    work = blockWork(message as Job);
    return;
  }
  void work(message as Batch).then(({ outcome, transfer }) => parentPort!.postMessage(outcome, transfer));
});
