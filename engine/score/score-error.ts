import type { InputProblem } from '../pack/schema.js';

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
