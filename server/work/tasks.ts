// The work that runs on the worker threads (pool.ts), by kind: each takes the packs and an input
// that crosses threads as a structured clone, and answers the JSON text of its response (or
// throws a problem). A new kind of expensive work (a parser of large documents) is one entry here.
import type { PackSet } from '../../engine/pack/load.js';
import { compareJson } from '../routes/compare.js';
import { impactJson } from '../routes/impact.js';
import { validatePackText } from '../routes/packs.js';
import { decisionTable } from '../../engine/rules/check.js';
import { convertDocument } from '../../engine/usecases/qpp.js';
import { packOfYear } from '../../engine/usecases/year.js';

export const TASKS = {
  validatePack: (packs: PackSet, input: { file: string; text: string; limits: Parameters<typeof validatePackText>[3] }) =>
    JSON.stringify(validatePackText(packs, input.file, input.text, input.limits)),
  impact: impactJson,
  compare: compareJson,
  // Every combination of a year's facts decided: up to a second of work.
  decisionTable: (packs: PackSet, input: { year: string }) => JSON.stringify(decisionTable(packOfYear(packs, input.year))),
  convertQrda: (_packs: PackSet, input: { text: string }) => JSON.stringify(convertDocument(input.text)),
} satisfies Record<string, (packs: PackSet, input: never) => string | Promise<string>>;

export type TaskKind = keyof typeof TASKS;
export type TaskInput<K extends TaskKind> = Parameters<(typeof TASKS)[K]>[1];
