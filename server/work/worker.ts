// A worker thread of the pool: given the packs once (a structured clone, in workerData), it runs
// each task it is sent. A problem (a 4xx of ours) comes back as data, since an error object
// loses its fields crossing threads; anything else rejects, and the request answers 500.
import { workerData } from 'piscina';
import type { PackSet } from '../../engine/pack/load.js';
import { problemData, type ProblemData } from '../problem.js';
import { TASKS, type TaskKind } from './tasks.js';

export type TaskOutcome = { json: string } | { problem: ProblemData };

const { packs } = workerData as { packs: PackSet };

export default async function run({ kind, input }: { kind: TaskKind; input: never }): Promise<TaskOutcome> {
  try {
    return { json: await TASKS[kind](packs, input) };
  } catch (e) {
    const problem = problemData(e);
    if (problem) return { problem };
    throw e;
  }
}
