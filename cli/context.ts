import { existsSync, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { loadPacks, type PackSet } from '../engine/pack/load.js';
import { progress, type Progress, type ProgressOptions, type ProgressStream } from './progress.js';

/** Where a command writes; tests capture both. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The stream behind stdout, for output that must respect backpressure (bulk NDJSON). */
  stdoutStream?: Writable;
  /** The stream behind stderr, for the progress line (drawn only when it is a terminal). */
  stderrStream?: ProgressStream;
}

/** What every command receives: output, the pack directory, and a place for its exit code. */
export interface CliContext {
  io: Io;
  /** A line (newline added) on stdout. */
  print(line?: string): void;
  /** The directory of the published packs (--packs, default: the bundled rulepacks/). */
  packsDir(): string;
  /** The published packs, loaded once; a broken set throws PackValidationError. */
  packs(): PackSet;
  exitCode: number;
  /** The progress line of a long run: on stderr when it is a terminal and --no-progress is not given. */
  progress(options: ProgressOptions): Progress;
}

/** A problem with how the command was called or what it was pointed at: a message, no stack. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'CliError';
  }
}

export const EXIT = {
  ok: 0,
  /** The packs (or later: submissions, tests) are invalid. */
  invalid: 1,
  /** Bad arguments, unknown year, missing files. */
  usage: 2,
  /** A bug: an error the CLI did not expect. */
  internal: 3,
} as const;

export function createContext(io: Io, getPacksDir: () => string, wantsProgress: () => boolean = () => true): CliContext {
  let cache: PackSet | undefined;
  return {
    io,
    exitCode: EXIT.ok,
    print: (line = '') => io.stdout(`${line}\n`),
    packsDir: getPacksDir,
    progress: (options) => progress(wantsProgress() ? io.stderrStream : undefined, options),
    packs() {
      if (cache) return cache;
      const dir = getPacksDir();
      if (!existsSync(dir)) throw new CliError(`no pack directory ${dir}`);
      cache = loadPacks(dir);
      return cache;
    },
  };
}

export function printJson(print: (line: string) => void, value: unknown): void {
  print(JSON.stringify(value, null, 2));
}

/** A JSON file (or - for standard input), parsed; not JSON is a message, exit 1. */
export function readJsonInput(file: string): unknown {
  const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${file} is not JSON: ${(e as Error).message}`, EXIT.invalid);
  }
}
