// A scoring worker thread: given the materialized packs once, it scores each block it is sent
// and hands the bytes of its answer back without a copy.
import { parentPort, workerData } from 'node:worker_threads';
import type { PackSet } from '../../engine/pack/load.js';
import { scoreBatch, type Batch } from './score-lines.js';

const { packs, explain } = workerData as { packs: PackSet; explain: boolean };
parentPort!.on('message', (batch: Batch) => {
  void scoreBatch(packs, batch, explain).then((outcome) => parentPort!.postMessage(outcome, [outcome.bytes.buffer as ArrayBuffer]));
});
