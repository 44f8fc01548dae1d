import { once } from 'node:events';
import type { Command } from 'commander';
import { packOfYear } from '../../engine/usecases/year.js';
import { CliError, type CliContext } from '../context.js';

interface Options {
  year: string;
  count: string;
  seed: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('corpus')
    .description('write a synthetic corpus of submissions of a year as NDJSON (reproducible from its seed)')
    .requiredOption('--year <year>', 'the performance year of the submissions')
    .option('--count <n>', 'how many submissions', '1000')
    .option('--seed <n>', 'the random seed (an integer)', '1')
    .action((opts: Options) => run(ctx, opts));
}

async function run(ctx: CliContext, opts: Options): Promise<void> {
  const pack = packOfYear(ctx.packs(), opts.year);
  const count = Number(opts.count);
  const seed = Number(opts.seed);
  if (!Number.isInteger(count) || count < 0) throw new CliError(`--count: '${opts.count}' is not a whole number`);
  if (!Number.isInteger(seed)) throw new CliError(`--seed: '${opts.seed}' is not an integer`);
  // fast-check is loaded only for this verb.
  const { generateCorpus } = await import('../../engine/corpus/generate.js');
  let chunk = '';
  let n = 0;
  const shown = ctx.progress({ label: 'corpus', unit: 'submissions', total: count });
  try {
    for await (const sub of generateCorpus(ctx.packs(), pack.year, count, seed)) {
      chunk += `${JSON.stringify(sub)}\n`;
      if (++n % 1000 === 0) {
        ctx.io.stdout(chunk);
        chunk = '';
        shown.update(n);
        // Writing to a slow pipe: wait rather than buffer the whole corpus.
        if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
      }
    }
  } finally {
    shown.end();
  }
  if (chunk) ctx.io.stdout(chunk);
}
