import type { Command } from 'commander';
import { Option } from 'commander';
import { filterActivities } from '../../engine/usecases/activities.js';
import { packOfYear } from '../../engine/usecases/year.js';
import { activitiesCsv } from '../../engine/format/csv.js';
import { columns } from '../../engine/format/text.js';
import { type CliContext, printJson } from '../context.js';
import { formatOption, outputFormat, type FormatOptions } from '../output-format.js';

interface Options extends FormatOptions {
  subcategory?: string;
  weight?: 'medium' | 'high' | 'none';
  mvp?: string;
  search?: string;
}

const OPTION_OF = { subcategory: '--subcategory', weight: '--weight', mvp: '--mvp', q: '--search' } as const;

export function register(program: Command, ctx: CliContext): void {
  program
    .command('activities')
    .description("list a year's attestable activities (suspended ones that are no longer creditable left out); the filters combine, as GET /v1/years/{year}/activities takes them")
    .argument('<year>', 'a performance year (mips-ia years lists them)')
    .option('--subcategory <id>', 'only this subcategory, e.g. populationManagement')
    .addOption(new Option('--weight <weight>', 'only this weight (none: the unweighted ones; medium and high in years that weight activities)').choices(['medium', 'high', 'none']))
    .option('--mvp <id>', 'only the activities of this MVP, e.g. G0053')
    .option('-q, --search <text>', 'only activities with this text in their ID, title or description (any case)')
    .addOption(formatOption(['text', 'json', 'csv'], 'the activities'))
    .option('--json', 'print the activities as JSON (--format json)')
    .action((year: string, opts: Options) => activities(ctx, year, opts));
}

function activities(ctx: CliContext, year: string, opts: Options): void {
  const format = outputFormat(opts, 'text');
  const pack = packOfYear(ctx.packs(), year);
  const list = filterActivities(pack, { subcategory: opts.subcategory, weight: opts.weight, mvp: opts.mvp, q: opts.search }, (name) => OPTION_OF[name]);
  if (format === 'json') return printJson(ctx.print, list);
  if (format === 'csv') return ctx.io.stdout(activitiesCsv(list));
  const rows = [['ID', 'WEIGHT', 'SUBCATEGORY', 'TITLE'], ...list.map((a) => [a.id, a.weight ?? '-', a.subcategory ?? '-', a.title])];
  for (const line of columns(rows)) ctx.print(line);
}
