// A draft pack file given to a verb (diff, impact): read, validated against the published packs,
// and made the `to` side of a comparison with `from` (default: the year it extends).
import { existsSync, readFileSync } from 'node:fs';
import type { ImpactSide } from '../engine/impact/impact.js';
import { draftSides } from '../engine/usecases/draft.js';
import { CliError, type CliContext } from './context.js';

export function draftFileSides(ctx: CliContext, file: string, from?: string): { from: ImpactSide; to: ImpactSide } {
  if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
  return draftSides(ctx.packs(), { file, text: readFileSync(file, 'utf8') }, from);
}
