import type { Command } from 'commander';
import { compare, type Comparison } from '../../engine/compare/compare.js';
import { CliError, readJsonInput, type CliContext, printJson } from '../context.js';
import { columns, formatYears } from '../../engine/format/text.js';

interface Options {
  years?: string;
  json?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('compare')
    .description('score one submission under several years and explain each change from the year before')
    .argument('<file>', 'a submission JSON file, or - for standard input')
    .option('--years <years>', 'the years to compare, as a range and/or list (FROM-TO, or Y1,Y2); default: every year of the packs')
    .option('--json', 'print the comparison as JSON')
    .action((file: string, opts: Options) => run(ctx, file, opts));
}

/** `2017-2024`, `2019,2021`, `2019-2021,2024` → the years, each checked against the packs. */
export function parseYears(ctx: CliContext, spec: string): number[] {
  const known = [...ctx.packs().keys()];
  const out: number[] = [];
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d{4})(?:\s*-\s*(\d{4}))?$/.exec(part);
    if (!m) throw new CliError(`--years: '${part}' is not a year or a range FROM-TO; the packs cover ${formatYears(known)}`);
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from) throw new CliError(`--years: ${part} runs backwards`);
    for (let y = from; y <= to; y++) {
      if (!known.includes(y)) throw new CliError(`--years: no pack for ${y}; the packs cover ${formatYears(known)}`);
      if (!out.includes(y)) out.push(y);
    }
  }
  if (out.length === 0) throw new CliError('--years: no years given');
  return out.sort((a, b) => a - b);
}

async function run(ctx: CliContext, file: string, opts: Options): Promise<void> {
  const years = opts.years !== undefined ? parseYears(ctx, opts.years) : undefined;
  const input = readJsonInput(file);
  const result = await compare(ctx.packs(), input, years);
  if (opts.json) printJson(ctx.print, result);
  else for (const line of formatComparison(result)) ctx.print(line);
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The table, the activities left out per year, and each change with its causes. */
export function formatComparison(c: Comparison): string[] {
  const out: string[] = [`Submission of ${c.performanceYear} under ${formatYears(c.years)}`];
  const rows = [['YEAR', 'STATUS', 'POINTS', 'SCORE', 'IA WEIGHT', 'CONTRIBUTION', 'CHANGE']];
  for (const r of c.rows) {
    const change = r.delta
      ? (r.delta.points === 0 && r.delta.finalScoreContribution === 0 ? '=' : `${signed(r.delta.points)} points, ${signed(r.delta.finalScoreContribution)} final`)
      : r.error ? r.error.code : '';
    rows.push(r.status === 'scored'
      ? [String(r.year), r.status, String(r.points), String(r.categoryScore), `${r.categoryWeight}%`, String(r.finalScoreContribution), change]
      : [String(r.year), r.status, '-', '-', '-', '-', change]);
  }
  out.push(...columns(rows).map((l) => l.trimEnd()));
  const leftOut = c.rows.filter((r) => r.leftOut.length > 0);
  if (leftOut.length > 0) {
    out.push('', 'Left out (not attestable that year):');
    for (const r of leftOut) out.push(`  ${r.year}: ${r.leftOut.map((l) => `${l.id} (${l.reason === 'suspended' ? 'suspended' : 'not in the inventory'})`).join(', ')}`);
  }
  const refused = c.rows.filter((r) => r.error);
  if (refused.length > 0) {
    out.push('', 'Refused:');
    for (const r of refused) out.push(`  ${r.year}: ${r.error!.code}: ${r.error!.message}`);
  }
  const changed = c.rows.filter((r) => r.causes.length > 0);
  if (changed.length > 0) {
    out.push('', 'Changes:');
    c.rows.forEach((r, i) => {
      if (r.causes.length === 0) return;
      const parts = r.delta ? [
        r.delta.points !== 0 ? `${signed(r.delta.points)} points` : '',
        r.delta.categoryWeight !== 0 ? `IA weight ${signed(r.delta.categoryWeight)}` : '',
        r.delta.finalScoreContribution !== 0 ? `final score ${signed(r.delta.finalScoreContribution)}` : '',
      ].filter(Boolean) : [r.status === 'scored' ? `scored again (${c.rows[i - 1].status} in ${c.rows[i - 1].year})` : r.status];
      const head = parts.length ? `: ${parts.join(', ')}` : '';
      out.push(`  ${c.rows[i - 1].year} → ${r.year}${head}`);
      for (const cause of r.causes) {
        out.push(`    - ${cause.summary}`);
        out.push(`      ${cause.detail}`);
      }
    });
  }
  return out;
}
