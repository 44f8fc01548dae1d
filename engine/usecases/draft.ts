// A change to compare: two published years, or a draft pack against the year it extends (or
// another). Impact and its route and command take their two sides from here.
import type { ImpactSide } from '../impact/impact.js';
import { validatePacks, type PackSet } from '../pack/load.js';
import type { YamlLimits } from '../pack/yaml-limits.js';
import { plural } from '../format/text.js';
import type { YearPack } from '../types.js';
import { UseCaseError } from './use-case-error.js';
import { packOfYear } from './year.js';

/** A draft validated (and checked) with the published packs as its parents, or invalid-pack with its errors. */
export function validDraft(published: PackSet, file: string, text: string, limits?: YamlLimits): YearPack {
  const [result] = validatePacks([{ file, text }], published, limits, { check: true });
  if (result.errors.length > 0 || !result.pack) {
    const listed = result.errorCount > result.errors.length ? ` (the first ${result.errors.length} listed)` : '';
    throw new UseCaseError('invalid-pack', `${file}: ${plural(result.errorCount, 'error')}${listed}`, { errors: result.errors, errorCount: result.errorCount });
  }
  return result.pack;
}

/** Two published years. */
export function yearSides(published: PackSet, from: string | number, to: string | number): { from: ImpactSide; to: ImpactSide } {
  const a = packOfYear(published, from, 'from');
  const b = packOfYear(published, to, 'to');
  return { from: { packs: published, year: a.year, label: String(a.year) }, to: { packs: published, year: b.year, label: String(b.year) } };
}

/** A draft against `from` (default: the year it extends). */
export function draftSides(published: PackSet, draft: { file: string; text: string; limits?: YamlLimits }, from?: string | number): { from: ImpactSide; to: ImpactSide } {
  const pack = validDraft(published, draft.file, draft.text, draft.limits);
  const fromYear = from !== undefined ? packOfYear(published, from, 'from').year : pack.extends;
  if (fromYear === null) throw new UseCaseError('invalid-request', `${draft.file} extends no year: give from`, { field: 'from' });
  return {
    from: { packs: published, year: fromYear, label: String(fromYear) },
    to: { packs: new Map([...published, [pack.year, pack]]), year: pack.year, label: `${draft.file} (${pack.year})` },
  };
}
