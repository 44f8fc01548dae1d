// The mips-ia command line: one module per verb in commands/, each parsing its arguments, calling
// a use case (engine/usecases/) or the engine, and printing its answer; failures become a message
// and an exit code here (reportError), never a stack trace.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { formatPackErrors, PackValidationError, type PackError } from '../engine/pack/errors.js';
import { refusalLines } from '../engine/format/refusal.js';
import { ScoreError } from '../engine/score/score-error.js';
import { UseCaseError, type UseCaseErrorKind } from '../engine/usecases/use-case-error.js';
import { bundledPacksDir, packageRoot } from '../engine/paths.js';
import { register as activities } from './commands/activities.js';
import { register as checkCommand } from './commands/check.js';
import { register as compareCommand } from './commands/compare.js';
import { register as corpusCommand } from './commands/corpus.js';
import { register as diffCommand } from './commands/diff.js';
import { register as impactCommand } from './commands/impact.js';
import { register as qppCommand } from './commands/qpp.js';
import { register as scoreCommand } from './commands/score.js';
import { register as testCommand } from './commands/test.js';
import { register as validate } from './commands/validate.js';
import { register as years } from './commands/years.js';
import { CliError, createContext, EXIT, type CliContext, type Io } from './context.js';
import { plural } from '../engine/format/text.js';

/** A verb: one file under commands/ that adds itself to the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

// Adding a verb: write commands/<verb>.ts exporting register, and list it here.
const COMMANDS: readonly RegisterCommand[] = [validate, checkCommand, years, activities, scoreCommand, qppCommand, diffCommand, compareCommand, impactCommand, corpusCommand, testCommand];

export interface RunOptions {
  io?: Partial<Io>;
  /** The published packs when --packs is not given (tests point it at fixtures). */
  packsDir?: string;
}

const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stdoutStream: process.stdout,
};

/** The commander program, writing through ctx.io and never calling process.exit. */
export function buildProgram(ctx: CliContext): Command {
  const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const program = new Command('mips-ia')
    .description('Validate and query the CMS MIPS Improvement Activities rule packs, and score submissions')
    .version(version)
    .option('--packs <dir>', 'directory of the published year packs (default: the bundled rulepacks/)')
    .showHelpAfterError('(run mips-ia --help for usage)')
    .configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr })
    .exitOverride();
  // Subcommands copy these settings when they are created, so configure first, then register.
  for (const register of COMMANDS) register(program, ctx);
  return program;
}

/** Runs the CLI on argv (as process.argv: node, script, args…) and returns the exit code. */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  // A caller that captures stdout captures the bulk stream too (it is process.stdout by default).
  const io: Io = options.io?.stdout ? { ...processIo, stdoutStream: undefined, ...options.io } : { ...processIo, ...options.io };
  let program: Command | undefined;
  const ctx = createContext(io, () => {
    const dir = program?.opts<{ packs?: string }>().packs;
    return dir ? resolve(dir) : (options.packsDir ?? bundledPacksDir);
  });
  try {
    program = buildProgram(ctx);
    await program.parseAsync([...argv]);
    return ctx.exitCode;
  } catch (e) {
    return reportError(e, io);
  }
}

/** A use case's refusal: the input is wrong (1), or what was asked for does not exist (2). */
const EXIT_OF_KIND: Record<UseCaseErrorKind, number> = {
  'invalid-pack': EXIT.invalid,
  'invalid-json': EXIT.invalid,
  'invalid-xml': EXIT.invalid,
  'invalid-qrda': EXIT.invalid,
  'invalid-request': EXIT.usage,
  'unknown-year': EXIT.usage,
};

function refusal(io: Io, [first, ...rest]: string[], exit: number): number {
  io.stderr(`mips-ia: ${first}\n${rest.map((l) => `${l}\n`).join('')}`);
  return exit;
}

/** Every failure as a message and an exit code; never a stack trace. */
function reportError(e: unknown, io: Io): number {
  if (e instanceof CommanderError) {
    // Commander has already written its message (or the help / the version).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
    return EXIT.usage;
  }
  if (e instanceof CliError) {
    io.stderr(`mips-ia: ${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof UseCaseError) {
    if (e.kind === 'invalid-pack') {
      for (const line of formatPackErrors(e.details.errors as PackError[], e.details.errorCount ?? 0)) io.stderr(`${line}\n`);
      io.stderr(`${e.message}\n`);
      return EXIT.invalid;
    }
    if (!e.details.errors) {
      io.stderr(`mips-ia: ${e.message}\n`);
      return EXIT_OF_KIND[e.kind];
    }
    return refusal(io, refusalLines(e.message, e.details.errors), EXIT_OF_KIND[e.kind]);
  }
  if (e instanceof ScoreError) return refusal(io, refusalLines(e.message, e.errors, e.code), EXIT.invalid);
  if (e instanceof PackValidationError) {
    for (const line of e.lines()) io.stderr(`${line}\n`);
    io.stderr(`${plural(e.errorCount, 'error')} in ${plural(e.countByFile.size, 'pack')}\n`);
    return EXIT.invalid;
  }
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT' || err?.code === 'EACCES' || err?.code === 'EISDIR') {
    io.stderr(`mips-ia: cannot read ${err.path ?? 'a file'}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.code}\n`);
    return EXIT.usage;
  }
  io.stderr(`mips-ia: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  return EXIT.internal;
}
