// A scoring worker thread: given the materialized packs once, it scores each batch it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import type { PackSet } from '../../engine/pack/load.js';
import { scoreLines } from './score-lines.js';

export interface Batch {
  firstLine: number;
  lines: string[];
}

const { packs, explain } = workerData as { packs: PackSet; explain: boolean };
parentPort!.on('message', (batch: Batch) => {
  void scoreLines(packs, batch.lines, batch.firstLine, explain).then((outcome) => parentPort!.postMessage(outcome));
});
