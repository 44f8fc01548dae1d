import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { readPackTexts, type PackText } from '../../engine/pack/load.js';
import { validateTexts } from '../../engine/usecases/validate.js';
import { CliError, EXIT, printJson, type CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check pack files against the schema and their parents, and check their rules (mips-ia check); default: the published packs')
    .argument('[paths...]', 'pack files or directories of them')
    .option('--json', 'print the results as JSON')
    .action((paths: string[], opts: { json?: boolean }) => validate(ctx, paths, opts));
}

/** The pack files of the paths (default: the published packs), or a usage error. */
export function packTextsOf(ctx: CliContext, paths: readonly string[]): PackText[] {
  const targets = paths.length > 0 ? paths : [ctx.packsDir()];
  for (const p of targets) if (!existsSync(p)) throw new CliError(`no such file or directory: ${p}`);
  const texts = readPackTexts(targets);
  if (texts.length === 0) throw new CliError(`no pack files (*.yaml) in ${targets.join(', ')}`);
  return texts;
}

function validate(ctx: CliContext, paths: string[], opts: { json?: boolean }): void {
  const { validation } = validateTexts(packTextsOf(ctx, paths), () => ctx.packs());
  ctx.exitCode = validation.ok ? EXIT.ok : EXIT.invalid;
  if (opts.json) printJson(ctx.print, validation);
  else for (const line of validation.lines) ctx.print(line);
}
