// What a use case refuses, as data: the CLI prints it and picks an exit code, the service answers
// it as a problem of the same kind. Neither interface decides what the refusal says.
export type UseCaseErrorKind = 'unknown-year' | 'invalid-pack' | 'invalid-request' | 'invalid-json' | 'invalid-xml' | 'invalid-qrda';

/** One thing wrong, where: a pack's file, line and column; a document's line and column; a field's path. */
export interface UseCaseProblem {
  path: string;
  code: string;
  message: string;
  file?: string;
  line?: number;
  col?: number;
}

export interface UseCaseErrorDetails {
  /** unknown-year: the years there are. */
  years?: number[];
  /** invalid-pack: the first errors of the pack, and how many it has; invalid-xml, invalid-qrda: what is wrong in the document. */
  errors?: UseCaseProblem[];
  errorCount?: number;
  /** invalid-request: the field of the request (a CLI option, a body field) at fault. */
  field?: string;
  /** invalid-request: a stable code for what is wrong with the field (UNKNOWN_MVP). */
  code?: string;
}

export class UseCaseError extends Error {
  constructor(readonly kind: UseCaseErrorKind, message: string, readonly details: UseCaseErrorDetails = {}) {
    super(message);
    this.name = 'UseCaseError';
  }
}
