import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { ScoreError } from '../../engine/score/score-error.js';
import { score } from '../../engine/score/score.js';
import { CliError, EXIT, type CliContext } from '../context.js';
import { printJson } from '../format.js';

interface ScoreOpts {
  ndjson?: boolean;
  explain: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('score')
    .description('score a submission (native JSON) and print the result JSON; - reads standard input')
    .argument('<file>', 'a submission JSON file, or - for standard input')
    .option('--ndjson', 'one submission per line in, one result (or error) per line out')
    .option('--no-explain', 'leave out the rule explanations')
    .action((file: string, opts: ScoreOpts) => (opts.ndjson ? scoreLines(ctx, file, opts) : scoreOne(ctx, file, opts)));
}

async function scoreOne(ctx: CliContext, file: string, opts: ScoreOpts): Promise<void> {
  const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${file} is not JSON: ${(e as Error).message}`, EXIT.invalid);
  }
  try {
    printJson(ctx.print, await score(ctx.packs(), input, { explain: opts.explain }));
  } catch (e) {
    if (!(e instanceof ScoreError)) throw e;
    ctx.io.stderr(`mips-ia: ${e.code}: ${e.message}\n${e.errors.map((p) => `  ${p.path}: ${p.message}\n`).join('')}`);
    ctx.exitCode = EXIT.invalid;
  }
}

/** One result line per input line, in order; a bad line gets an error line and exit 1 at the end. */
async function scoreLines(ctx: CliContext, file: string, opts: ScoreOpts): Promise<void> {
  const packs = ctx.packs();
  const lines = createInterface({ input: file === '-' ? process.stdin : createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    try {
      ctx.io.stdout(`${JSON.stringify(await score(packs, JSON.parse(line), { explain: opts.explain }))}\n`);
    } catch (e) {
      if (!(e instanceof ScoreError) && !(e instanceof SyntaxError)) throw e;
      const error = e instanceof ScoreError ? { code: e.code, message: e.message, errors: e.errors } : { code: 'INVALID_JSON', message: e.message, errors: [] };
      ctx.io.stdout(`${JSON.stringify({ line: n, error })}\n`);
      ctx.exitCode = EXIT.invalid;
    }
  }
}
