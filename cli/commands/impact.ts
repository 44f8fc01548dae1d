import { createReadStream, existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Command } from 'commander';
import { impactReport, type ImpactReport, type ImpactSide } from '../../engine/impact/impact.js';
import { yearSides } from '../../engine/usecases/draft.js';
import { CliError, type CliContext, printJson } from '../context.js';
import { draftFileSides } from '../draft.js';
import { formatOption, outputFormat, type FormatOptions } from '../output-format.js';
import { impactCsv } from '../../engine/format/csv.js';
import { columns } from '../../engine/format/text.js';
import { impactNdjsonStream, startWorkers } from '../ndjson/parallel.js';
import { parseThreads } from './score.js';

interface Options extends FormatOptions {
  from?: string;
  to?: string;
  pack?: string;
  corpus: string;
  top: string;
  threads: number;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('impact')
    .description('score every submission of a corpus under two years (or a draft pack and the year it extends) and report what changes, by how much, and why')
    .requiredOption('--corpus <file>', 'submissions, one JSON per line (NDJSON); - reads standard input')
    .option('--from <year>', 'the year before the change (with --pack: default the year the draft extends)')
    .option('--to <year>', 'the year after the change')
    .option('--pack <file>', 'a draft pack (it extends a published year) to compare instead of --to')
    .option('--top <n>', 'how many causes to list', '10')
    .addOption(formatOption(['text', 'json', 'csv'], 'the report'))
    .option('--json', 'print the report as JSON (--format json)')
    .option('--threads <n>', 'threads that score (this one and n - 1 workers)', parseThreads, availableParallelism())
    .action((opts: Options) => run(ctx, opts));
}

async function run(ctx: CliContext, opts: Options): Promise<void> {
  const format = outputFormat(opts, 'text');
  const top = Number(opts.top);
  if (!Number.isInteger(top) || top < 1) throw new CliError(`--top: '${opts.top}' is not a positive whole number`);
  const published = ctx.packs();
  if (opts.pack !== undefined && opts.to !== undefined) throw new CliError('choose one of --to and --pack');
  if (opts.pack === undefined && (opts.from === undefined || opts.to === undefined)) throw new CliError('give --from and --to, or --pack (and maybe --from)');
  if (opts.corpus !== '-' && !existsSync(opts.corpus)) throw new CliError(`no such file: ${opts.corpus}`);
  // The workers start while the draft is read and validated (about half a second each).
  const workers = startWorkers(opts.threads - 1);
  let sides;
  let tally;
  try {
    sides = opts.pack !== undefined ? draftFileSides(ctx, opts.pack, opts.from) : yearSides(published, opts.from!, opts.to!);
    tally = await tallyCorpus(ctx, opts.corpus, sides, workers);
  } finally {
    // runBlocks ends them; this, when the draft's error came first.
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const { from, to } = sides;
  const report = impactReport(from, to, tally, { topCauses: top });
  if (format === 'json') printJson(ctx.print, report);
  else if (format === 'csv') ctx.io.stdout(impactCsv(report));
  else for (const line of formatImpact(report, opts.corpus === '-' ? 'standard input' : opts.corpus)) ctx.print(line);
}

/** The corpus (a file, or - for standard input) tallied on this thread and the workers, with the progress line. */
async function tallyCorpus(ctx: CliContext, corpus: string, sides: { from: ImpactSide; to: ImpactSide }, workers: Worker[]) {
  const input = corpus === '-' ? process.stdin : createReadStream(corpus);
  const shown = ctx.progress({ label: 'impact', unit: 'bytes', total: corpus === '-' ? undefined : statSync(corpus).size });
  try {
    return await impactNdjsonStream(input, sides.from, sides.to, { workers, progress: shown.update });
  } finally {
    shown.end();
  }
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : '-');
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const fmt = (n: number) => n.toLocaleString('en-US');

/** The report as text: counts, the histogram of point deltas, the top causes. */
export function formatImpact(r: ImpactReport, corpus: string): string[] {
  const out = [`Impact of ${r.from.label} → ${r.to.label} on ${fmt(r.total)} submissions (${corpus})`, ''];
  const rows = [
    ['compared (scored under both)', fmt(r.compared), ''],
    ['  unchanged', fmt(r.unchanged), pct(r.unchanged, r.compared)],
    ['  changed', fmt(r.changed), pct(r.changed, r.compared)],
    ['    points up', fmt(r.up), pct(r.up, r.compared)],
    ['    points down', fmt(r.down), pct(r.down, r.compared)],
    ['    IA weight only', fmt(r.weightOnly), pct(r.weightOnly, r.compared)],
    [`activities not in ${r.from.year}`, fmt(r.missing.from), pct(r.missing.from, r.total)],
    [`activities not in ${r.to.year}`, fmt(r.missing.to), pct(r.missing.to, r.total)],
    [`refused in ${r.from.year} only`, fmt(r.refused.fromOnly), pct(r.refused.fromOnly, r.total)],
    [`refused in ${r.to.year} only`, fmt(r.refused.toOnly), pct(r.refused.toOnly, r.total)],
    ['refused in both', fmt(r.refused.both), pct(r.refused.both, r.total)],
    ['invalid lines', fmt(r.invalid), pct(r.invalid, r.total)],
  ];
  const width = Math.max(...rows.map((row) => row[1].length));
  const pctWidth = Math.max(...rows.map((row) => row[2].length));
  out.push(...columns(rows.map(([label, count, share]) => [label, count.padStart(width), share.padStart(pctWidth)])).map((l) => l.trimEnd()));
  if (r.missing.activities.length > 0) {
    const shown = r.missing.activities.slice(0, 10).map((a) => `${a.id} ×${fmt(a.from + a.to)}`);
    out.push(`  (most missing: ${shown.join(', ')}${r.missing.activities.length > 10 ? ', …' : ''})`);
  }
  out.push('', `IA final score contribution: ${signed(r.contribution.totalDelta)} in all, ${signed(r.contribution.meanDelta)} per compared submission (from ${r.contribution.minDelta} to ${signed(r.contribution.maxDelta)})`);
  if (r.histogram.length > 0) {
    out.push('', 'Point deltas of the changed submissions:');
    const max = Math.max(...r.histogram.map((h) => h.count));
    const deltaWidth = Math.max(...r.histogram.map((h) => signed(h.delta).length));
    out.push(...columns(r.histogram.map((h) => [signed(h.delta).padStart(deltaWidth), fmt(h.count).padStart(fmt(max).length), '#'.repeat(Math.max(1, Math.round((40 * h.count) / max)))])).map((l) => `  ${l}`));
  }
  if (r.causes.length > 0) {
    out.push('', 'Top causes (submissions touched: up / down / refused-or-accepted):');
    r.causes.forEach((c, i) => out.push(`  ${String(i + 1).padStart(2)}. ${fmt(c.submissions)} (${fmt(c.up)} / ${fmt(c.down)} / ${fmt(c.refusals)})  ${c.summary}`));
  }
  return out;
}
