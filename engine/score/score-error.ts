import type { PackSet } from '../pack/load.js';
import type { InputProblem } from '../pack/schema.js';
import type { YearPack } from '../types.js';
import { formatYears } from '../format/text.js';

/** What went wrong with one submission, item by item (schema problems and the engine's own). */
export type { InputProblem };

export type ScoreErrorCode =
  | 'INVALID_SUBMISSION' // the shape: HTTP 400
  | 'UNKNOWN_YEAR' // no pack for the year: HTTP 404
  | 'UNKNOWN_ACTIVITY' // not attestable that year: HTTP 422
  | 'UNKNOWN_MVP'
  | 'REJECTED'; // a pack rule refused the combination: HTTP 422

/** The one error scoring throws; never anything else for bad input. */
export class ScoreError extends Error {
  constructor(
    readonly code: ScoreErrorCode,
    message: string,
    readonly errors: InputProblem[] = [],
  ) {
    super(message);
    this.name = 'ScoreError';
  }
}

/** The pack of a year, or UNKNOWN_YEAR at the input's path, naming the years there are. */
export function packOf(packs: PackSet, year: number, path = 'performanceYear'): YearPack {
  const pack = packs.get(year);
  if (pack) return pack;
  throw new ScoreError('UNKNOWN_YEAR', unknownYear(packs, `no pack for ${year}`), [{ path, code: 'UNKNOWN_YEAR', message: `must be a year with a pack: ${formatYears([...packs.keys()])}` }]);
}

/** What every refusal of a year says: `no pack for 2099` (or another `what`), then the years there are. */
export function unknownYear(packs: PackSet, what: string): string {
  return `${what}; the packs cover ${formatYears([...packs.keys()])}`;
}
