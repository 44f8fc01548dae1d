import type { Command } from 'commander';
import { printJson, type CliContext } from '../context.js';
import { columns, counts } from '../../engine/format/text.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('years')
    .description('list the performance years the packs cover')
    .option('--json', 'print the years as JSON')
    .action((opts: { json?: boolean }) => years(ctx, opts));
}

function years(ctx: CliContext, opts: { json?: boolean }): void {
  const packs = [...ctx.packs().values()];
  if (opts.json) {
    printJson(ctx.print, packs.map((p) => ({
      year: p.year,
      extends: p.extends,
      title: p.title,
      activities: p.activities.size,
      hash: p.hash,
      file: p.file,
    })));
    return;
  }
  const activityCounts = counts(packs.map((p) => p.activities.size), 'activities');
  for (const line of columns(packs.map((p, i) => [String(p.year), activityCounts[i], p.title, p.hash]))) ctx.print(line);
}
