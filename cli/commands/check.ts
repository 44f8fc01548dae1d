import type { Command } from 'commander';
import { decisionTableCsv, decisionTableMarkdown, formatCheck } from '../../engine/format/check.js';
import { decisionTable } from '../../engine/rules/check.js';
import { validateTexts } from '../../engine/usecases/validate.js';
import { packOfYear } from '../../engine/usecases/year.js';
import { CliError, EXIT, printJson, type CliContext } from '../context.js';
import { packTextsOf } from './validate.js';

interface Options {
  json?: boolean;
  table?: string;
  format: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description("decide every combination of the facts each year's rules read, and report gaps, ambiguities, rules that never fire and (for a draft) the decisions that change; default: the published packs")
    .argument('[paths...]', 'pack files or directories of them')
    .option('--json', 'print the reports as JSON')
    .option('--table <year>', "print a year's decision table instead (of the published packs, or of the paths given)")
    .option('--format <format>', 'the decision table as csv or markdown', 'markdown')
    .action((paths: string[], opts: Options) => (opts.table !== undefined ? table(ctx, paths, opts) : check(ctx, paths, opts)));
}

function check(ctx: CliContext, paths: string[], opts: Options): void {
  const started = performance.now();
  const { validation } = validateTexts(packTextsOf(ctx, paths), () => ctx.packs());
  const ms = performance.now() - started;
  ctx.exitCode = validation.ok ? EXIT.ok : EXIT.invalid;
  if (opts.json) return printJson(ctx.print, validation.packs.map(({ file, errorCount, errors, check: report }) => ({ file, errorCount, errors, check: report })));
  if (!validation.ok) for (const line of validation.lines) ctx.print(line);
  const checked = validation.packs.filter((p) => p.check).map((p) => ({ file: p.file, report: p.check! }));
  if (checked.length > 0) {
    if (!validation.ok) ctx.print();
    for (const line of formatCheck(checked, ms)) ctx.print(line);
  }
}

function table(ctx: CliContext, paths: string[], opts: Options): void {
  if (opts.format !== 'csv' && opts.format !== 'markdown') throw new CliError(`--format: '${opts.format}' is not csv or markdown`);
  const packs = paths.length > 0 ? packsOf(ctx, paths) : ctx.packs();
  const t = decisionTable(packOfYear(packs, opts.table!, '--table'));
  ctx.io.stdout(opts.format === 'csv' ? decisionTableCsv(t.facts, t.classes) : decisionTableMarkdown(t.facts, t.classes));
}

/** The valid packs of the paths (a draft with the published years it extends), or their errors. */
function packsOf(ctx: CliContext, paths: string[]) {
  const { validation, results } = validateTexts(packTextsOf(ctx, paths), () => ctx.packs());
  if (!validation.ok) {
    for (const line of validation.lines) ctx.print(line);
    throw new CliError('the packs given are not valid', EXIT.invalid);
  }
  return new Map([...ctx.packs(), ...results.map((r) => [r.pack!.year, r.pack!] as const)]);
}
