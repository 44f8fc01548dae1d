// Pack errors, shaped like Ajv's error objects but with a place in the YAML file.

export interface PackError {
  file: string;
  line: number;
  col: number;
  /** Stable code, e.g. PACK_ENUM; services and tests match on it. */
  code: string;
  /** JSON path in the pack, e.g. inventory.added[3].weight ('' for the whole file). */
  path: string;
  message: string;
}

export function formatPackError(e: PackError): string {
  return `${e.file}:${e.line}:${e.col} ${e.code} ${e.path || '(file)'}: ${e.message}`;
}

/** Thrown when any pack fails; lists every problem of every pack at once. */
export class PackValidationError extends Error {
  constructor(readonly errors: PackError[]) {
    super(`${errors.length} pack error(s):\n${errors.map(formatPackError).join('\n')}`);
    this.name = 'PackValidationError';
  }
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}
