import { packOfYear } from '../../engine/usecases/year.js';
import { Option, type Command } from 'commander';
import { CliError, type CliContext, printJson } from '../context.js';
import { columns } from '../../engine/format/text.js';

interface Options {
  subcategory?: string;
  weight?: 'medium' | 'high';
  json?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('activities')
    .description("list a year's attestable activities (suspended ones that are no longer creditable left out)")
    .argument('<year>', 'a performance year (mips-ia years lists them)')
    .option('--subcategory <id>', 'only this subcategory, e.g. populationManagement')
    .addOption(new Option('--weight <weight>', 'only this weight (in years that weight activities)').choices(['medium', 'high']))
    .option('--json', 'print the activities as JSON')
    .action((year: string, opts: Options) => activities(ctx, year, opts));
}

function activities(ctx: CliContext, year: string, opts: Options): void {
  const pack = packOfYear(ctx.packs(), year);
  if (opts.subcategory !== undefined && !(opts.subcategory in pack.subcategories)) {
    throw new CliError(`no subcategory '${opts.subcategory}' in ${pack.year}; expected one of ${Object.keys(pack.subcategories).join(', ')}`);
  }
  // A year may weight no activity at all (CMS stopped weighting them): then --weight filters nothing.
  if (opts.weight !== undefined && ![...pack.activities.values()].some((a) => a.weight !== null)) {
    throw new CliError(`activities carry no weight in ${pack.year}: every activity earns the same points; list them without --weight`);
  }
  const list = [...pack.activities.values()].filter(
    (a) => (opts.subcategory === undefined || a.subcategory === opts.subcategory) && (opts.weight === undefined || a.weight === opts.weight),
  );
  if (opts.json) {
    printJson(ctx.print, list);
    return;
  }
  const rows = [['ID', 'WEIGHT', 'SUBCATEGORY', 'TITLE'], ...list.map((a) => [a.id, a.weight ?? '-', a.subcategory ?? '-', a.title])];
  for (const line of columns(rows)) ctx.print(line);
}
