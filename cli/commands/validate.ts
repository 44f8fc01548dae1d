import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatPackErrors } from '../../engine/pack/errors.js';
import { readPackTexts, validatePacks, type PackSet, type PackText } from '../../engine/pack/load.js';
import { CliError, EXIT, type CliContext } from '../context.js';
import { columns, counts, plural, printJson } from '../format.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check pack files against the schema and their parents; default: the published packs')
    .argument('[paths...]', 'pack files or directories of them')
    .option('--json', 'print the results as JSON')
    .action((paths: string[], opts: { json?: boolean }) => validate(ctx, paths, opts));
}

function validate(ctx: CliContext, paths: string[], opts: { json?: boolean }): void {
  const targets = paths.length > 0 ? paths : [ctx.packsDir()];
  for (const p of targets) if (!existsSync(p)) throw new CliError(`no such file or directory: ${p}`);
  const texts = readPackTexts(targets);
  if (texts.length === 0) throw new CliError(`no pack files (*.yaml) in ${targets.join(', ')}`);

  const results = validatePacks(texts, parentsFromPublished(ctx, texts, targets));
  const failed = results.filter((r) => r.errors.length > 0);
  const errorCount = failed.reduce((n, r) => n + r.errorCount, 0);
  ctx.exitCode = failed.length > 0 ? EXIT.invalid : EXIT.ok;

  if (opts.json) {
    printJson(ctx.print, {
      ok: failed.length === 0,
      errorCount,
      packs: results.map((r) => ({
        file: r.file,
        year: r.year ?? null,
        activities: r.pack?.activities.size ?? null,
        hash: r.pack?.hash ?? null,
        errorCount: r.errorCount,
        errors: r.errors,
      })),
    });
    return;
  }
  if (failed.length > 0) {
    for (const r of failed) for (const line of formatPackErrors(r.errors, r.errorCount)) ctx.print(line);
    ctx.print(`${plural(errorCount, 'error')} in ${plural(failed.length, 'pack')}`);
    return;
  }
  const packs = results.map((r) => r.pack!);
  const activityCounts = counts(packs.map((p) => p.activities.size), 'activities');
  for (const line of columns(results.map((r, i) => [r.file, String(packs[i].year), activityCounts[i], packs[i].hash]))) ctx.print(line);
}

/**
 * A pack given alone (a draft 2025.yaml, or one year's file) extends a year that is not among
 * the files: that parent comes from the published packs, those that are valid.
 */
function parentsFromPublished(ctx: CliContext, texts: readonly PackText[], targets: readonly string[]): PackSet | undefined {
  const given = new Set(texts.map((t) => yearOf(t)).filter((y) => y !== undefined));
  const missing = texts.map((t) => Number(/^extends:[ \t]*(\d+)/m.exec(t.text)?.[1])).filter((y) => y && !given.has(y));
  const dir = ctx.packsDir();
  if (missing.length === 0 || !existsSync(dir) || targets.some((t) => sameDir(t, dir))) return undefined;
  const published = validatePacks(readPackTexts([dir]));
  return new Map(published.filter((r) => r.pack && !given.has(r.pack.year)).map((r) => [r.pack!.year, r.pack!]));
}

function yearOf(t: PackText): number | undefined {
  const m = /^(\d{4})\.ya?ml$/.exec(basename(t.file)) ?? /^year:[ \t]*(\d{4})\b/m.exec(t.text);
  return m ? Number(m[1]) : undefined;
}

function sameDir(path: string, dir: string): boolean {
  try {
    const a = statSync(path);
    const b = statSync(dir);
    return a.isDirectory() && a.ino === b.ino && a.dev === b.dev;
  } catch {
    return false;
  }
}
