// Impact at national scale: mips-ia impact --pack (a draft against the year it extends) on the
// same NDJSON file as score --ndjson, whole process, the two run in turn (A B A B ...) so that
// their ratio survives the machine's drift. Impact scores each submission twice and writes one
// report; score --ndjson scores it once and writes a result per line.
import { join } from 'node:path';
import { packageRoot } from '../engine/paths.js';
import { CLI, figuresOf, timeNdjson, type NdjsonFigures } from './ndjson.js';
import { timeCommand } from './processes.js';
import { medianRatio } from './stats.js';

export const IMPACT_DRAFT = join(packageRoot, 'bench/impact-draft.yaml');

export interface BulkFigures {
  ndjson: NdjsonFigures;
  impact: NdjsonFigures & { draft: string; perSecondOverNdjson: number };
}

export function measureBulk(file: string, submissions: number, threads: number, rounds: number): BulkFigures {
  const ndjsonRuns = [];
  const impactRuns = [];
  for (let i = 0; i < rounds; i++) {
    ndjsonRuns.push(timeNdjson(file, threads));
    impactRuns.push(timeCommand(process.execPath, [CLI, 'impact', '--pack', IMPACT_DRAFT, '--corpus', file, '--json', '--threads', String(threads)]));
  }
  return {
    ndjson: figuresOf('mips-ia score --ndjson', ndjsonRuns, submissions, threads),
    impact: {
      ...figuresOf('mips-ia impact', impactRuns, submissions, threads),
      draft: 'bench/impact-draft.yaml',
      // submissions/s of impact over score --ndjson's: the ratio of their seconds, round by round.
      perSecondOverNdjson: medianRatio(ndjsonRuns.map((r) => r.seconds), impactRuns.map((r) => r.seconds)),
    },
  };
}
