import type { Command } from 'commander';
import { packOfYear } from '../../engine/usecases/year.js';
import { diff } from '../../engine/diff/diff.js';
import { formatDiffMarkdown, formatDiffText } from '../../engine/diff/format.js';
import { CliError, type CliContext, printJson } from '../context.js';

interface Options {
  json?: boolean;
  markdown?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('diff')
    .description('what changed between two years: activities, suspensions, parameters, rules, MVPs (years need not be adjacent)')
    .argument('<from>', 'the earlier (or any) performance year')
    .argument('<to>', 'the year to compare it with')
    .option('--json', 'print the changes as JSON')
    .option('--markdown', 'print a Markdown changelog')
    .action((from: string, to: string, opts: Options) => run(ctx, from, to, opts));
}

function run(ctx: CliContext, from: string, to: string, opts: Options): void {
  if (opts.json && opts.markdown) throw new CliError('choose one of --json and --markdown');
  const a = packOfYear(ctx.packs(), from);
  const b = packOfYear(ctx.packs(), to);
  const d = diff(ctx.packs(), a.year, b.year);
  if (opts.json) printJson(ctx.print, d);
  else if (opts.markdown) ctx.io.stdout(formatDiffMarkdown(d));
  else for (const line of formatDiffText(d)) ctx.print(line);
}
