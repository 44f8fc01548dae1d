// A year's attestable activities, filtered: `mips-ia activities` and GET /v1/years/{year}/activities
// take the same filters, with the same meaning and the same refusals.
import type { Activity, YearPack } from '../types.js';
import { UseCaseError } from './use-case-error.js';

export interface ActivityFilters {
  subcategory?: string;
  /** none: the activities that carry no weight. */
  weight?: 'medium' | 'high' | 'none';
  /** An MVP's ID, any case. */
  mvp?: string;
  /** Text in the ID, title or description, any case. */
  q?: string;
}

/**
 * The activities that pass every filter given, in ID order. An unknown subcategory or MVP, or a
 * weight in a year that weights no activity, is invalid-request; `field` names the filter as the
 * caller spells it (`--mvp`, `query.mvp`).
 */
export function filterActivities(pack: YearPack, f: ActivityFilters, field: (name: keyof ActivityFilters) => string = (n) => n): Activity[] {
  const refuse = (name: keyof ActivityFilters, code: string, message: string) => new UseCaseError('invalid-request', message, { field: field(name), code });
  if (f.subcategory !== undefined && !(f.subcategory in pack.subcategories)) {
    throw refuse('subcategory', 'UNKNOWN_SUBCATEGORY', `no subcategory '${f.subcategory}' in ${pack.year}; expected one of ${Object.keys(pack.subcategories).join(', ')}`);
  }
  // A year may weight no activity at all (CMS stopped weighting them): medium or high would list nothing, silently.
  if ((f.weight === 'medium' || f.weight === 'high') && ![...pack.activities.values()].some((a) => a.weight !== null)) {
    throw refuse('weight', 'UNWEIGHTED_YEAR', `activities carry no weight in ${pack.year}: every activity earns the same points; list them without ${field('weight')}`);
  }
  const mvpId = f.mvp?.toUpperCase();
  const mvp = mvpId === undefined ? undefined : pack.mvps.get(mvpId);
  if (mvpId !== undefined && !mvp) {
    const ids = [...pack.mvps.keys()];
    throw refuse('mvp', 'UNKNOWN_MVP', `no MVP ${mvpId.slice(0, 40)} in ${pack.year}; ${ids.length ? `expected one of ${ids.join(', ')}` : 'the year has no MVPs'}`);
  }
  const text = f.q?.toLowerCase();
  const inMvp = mvp ? new Set(mvp.activities) : undefined;
  return [...pack.activities.values()].filter((a) =>
    (f.subcategory === undefined || a.subcategory === f.subcategory)
    && (f.weight === undefined || (a.weight ?? 'none') === f.weight)
    && (inMvp === undefined || inMvp.has(a.id))
    && (text === undefined || [a.id, a.title, a.description ?? ''].some((s) => s.toLowerCase().includes(text))));
}
