import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { diffPacks } from '../../engine/diff/diff.js';
import { formatDiffMarkdown, formatDiffText } from '../../engine/diff/format.js';
import { diffCsv } from '../../engine/format/csv.js';
import { yearSides } from '../../engine/usecases/draft.js';
import { CliError, type CliContext, printJson } from '../context.js';
import { draftFileSides } from '../draft.js';
import { formatOption, outputFormat, type FormatOptions } from '../output-format.js';

interface Options extends FormatOptions {
  pack?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('diff')
    .description('what changed between two years, or from a year to a draft pack: activities, suspensions, parameters, rules, MVPs (years need not be adjacent)')
    .argument('[from]', 'the earlier (or any) performance year (with a draft: default the year it extends)')
    .argument('[to]', 'the year to compare it with, or a draft pack file (a .yaml that extends a published year)')
    .option('--pack <file>', 'a draft pack to compare with <from> (default: the year it extends), as impact --pack takes it')
    .addOption(formatOption(['text', 'json', 'markdown', 'csv'], 'the changes'))
    .option('--json', 'print the changes as JSON (--format json)')
    .option('--markdown', 'print a Markdown changelog (--format markdown)')
    .action((from: string | undefined, to: string | undefined, opts: Options) => run(ctx, from, to, opts));
}

/** `to` names a draft when it is a file, or looks like one (a missing draft.yaml is "no such file", not "not a year"). */
const isDraftFile = (to: string) => /\.ya?ml$/i.test(to) || (!/^\d+$/.test(to) && existsSync(to));

function sides(ctx: CliContext, from: string | undefined, to: string | undefined, opts: Options) {
  if (opts.pack !== undefined) {
    if (to !== undefined) throw new CliError('choose one of <to> and --pack');
    return draftFileSides(ctx, opts.pack, from);
  }
  if (from === undefined || to === undefined) throw new CliError('give two years, a year and a draft pack file, or --pack <file>');
  return isDraftFile(to) ? draftFileSides(ctx, to, from) : yearSides(ctx.packs(), from, to);
}

function run(ctx: CliContext, fromArg: string | undefined, toArg: string | undefined, opts: Options): void {
  const format = outputFormat(opts, 'text');
  const { from, to } = sides(ctx, fromArg, toArg, opts);
  // The draft's side holds the published packs too: they say how IDs were renumbered in the years between.
  const d = diffPacks(from.packs.get(from.year)!, to.packs.get(to.year)!, to.packs);
  if (format === 'json') printJson(ctx.print, d);
  else if (format === 'markdown') ctx.io.stdout(formatDiffMarkdown(d));
  else if (format === 'csv') ctx.io.stdout(diffCsv(d));
  else for (const line of formatDiffText(d)) ctx.print(line);
}
