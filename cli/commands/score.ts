import { createReadStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { score } from '../../engine/score/score.js';
import { CliError, EXIT, readJsonInput, type CliContext, printJson } from '../context.js';
import { scoreNdjsonStream, startWorkers } from '../ndjson/parallel.js';
import { formatOption, outputFormat, type FormatOptions } from '../output-format.js';
import { formatScore } from '../../engine/format/score.js';

interface ScoreOpts extends FormatOptions {
  ndjson?: boolean;
  explain: boolean;
  threads: number;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('score')
    .description('score a submission (native JSON) and print the result: as text on a terminal, else as JSON; - reads standard input')
    .argument('<file>', 'a submission JSON file, or - for standard input')
    .option('--ndjson', 'one submission per line in, one result (or error) per line out, in order')
    .addOption(formatOption(['text', 'json'], 'the result', 'text on a terminal, else json'))
    .option('--json', 'print the result JSON (--format json)')
    .option('--no-explain', 'leave out the rule explanations')
    .option('--threads <n>', 'with --ndjson: threads that score (this one and n - 1 workers)', parseThreads, availableParallelism())
    .action((file: string, opts: ScoreOpts) => {
      if (opts.ndjson && outputFormat(opts, 'json') !== 'json') throw new CliError('--ndjson prints JSON lines: leave out --format text');
      return opts.ndjson ? scoreNdjson(ctx, file, opts) : scoreOne(ctx, file, opts);
    });
}

export function parseThreads(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new CliError(`--threads takes a whole number from 1 to 64, not '${raw}'`);
  return n;
}

/** Text for a person at a terminal; JSON for a pipe or a file, so scripts read what they always did. */
async function scoreOne(ctx: CliContext, file: string, opts: ScoreOpts): Promise<void> {
  const format = outputFormat(opts, isTerminal(ctx.io.stdoutStream) ? 'text' : 'json');
  const input = readJsonInput(file);
  const result = await score(ctx.packs(), input, { explain: opts.explain });
  if (format === 'text') for (const line of formatScore(result)) ctx.print(line);
  else printJson(ctx.print, result);
}

const isTerminal = (stream: unknown) => (stream as { isTTY?: boolean } | undefined)?.isTTY === true;

/** One result line per input line, in order; a bad line gets an error line, and exit 1 at the end. */
async function scoreNdjson(ctx: CliContext, file: string, opts: ScoreOpts): Promise<void> {
  const packs = ctx.packs(); // loaded here first, so broken packs fail before any worker starts
  const input = file === '-' ? process.stdin : createReadStream(file);
  const output = ctx.io.stdoutStream ?? new Writable({ write: (chunk, _enc, done) => (ctx.io.stdout(String(chunk)), done()) });
  const shown = ctx.progress({ label: 'scoring', unit: 'bytes', total: file === '-' ? undefined : statSync(file).size });
  let failed;
  try {
    failed = await scoreNdjsonStream(input, output, { workers: startWorkers(opts.threads - 1), packs, explain: opts.explain, progress: shown.update });
  } finally {
    shown.end();
  }
  if (failed > 0) ctx.exitCode = EXIT.invalid;
}
