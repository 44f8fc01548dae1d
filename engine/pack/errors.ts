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

/** Thrown when any pack fails; lists the problems of every pack at once (the first MAX_LISTED_ERRORS of each). */
export class PackValidationError extends Error {
  /** countByFile: every error of each file, listed or not (default: those listed). */
  constructor(readonly errors: PackError[], readonly countByFile: ReadonlyMap<string, number> = countFiles(errors)) {
    super(`${[...countByFile.values()].reduce((a, b) => a + b, 0)} pack error(s):\n${errors.map(formatPackError).join('\n')}`);
    this.name = 'PackValidationError';
  }

  get errorCount(): number {
    return [...this.countByFile.values()].reduce((a, b) => a + b, 0);
  }

  /** Each file's error lines (formatPackErrors), file by file. */
  lines(): string[] {
    return [...this.countByFile].flatMap(([file, count]) => formatPackErrors(this.errors.filter((e) => e.file === file), count));
  }
}

function countFiles(errors: readonly PackError[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(e.file, (counts.get(e.file) ?? 0) + 1);
  return counts;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/** An answer lists at most this many errors of one pack, and counts the rest. */
export const MAX_LISTED_ERRORS = 100;

/** A pack's error lines: the errors listed, then how many more there are, if any. */
export function formatPackErrors(errors: readonly PackError[], errorCount: number): string[] {
  const lines = errors.map(formatPackError);
  const more = errorCount - errors.length;
  if (more > 0) lines.push(`${errors[0]?.file ?? 'pack'}: ${more} more error${more === 1 ? '' : 's'} not listed (the first ${errors.length} are)`);
  return lines;
}
