// "The pack of this year, or an error naming the years there are": every command and route that
// takes a year asks here.
import type { PackSet } from '../pack/load.js';
import { unknownYear } from '../score/score-error.js';
import type { YearPack } from '../types.js';
import { UseCaseError } from './use-case-error.js';

/** The pack of a year given as text (a path segment, an option, a body field), or unknown-year. */
export function packOfYear(packs: PackSet, raw: string | number, field?: string): YearPack {
  const text = String(raw);
  const isYear = /^\d{1,6}$/.test(text);
  const pack = isYear ? packs.get(Number(text)) : undefined;
  if (pack) return pack;
  const years = [...packs.keys()];
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  const what = isYear ? `no pack for ${shown}` : `'${shown}' is not a year`;
  throw new UseCaseError('unknown-year', unknownYear(packs, what), { years, ...(field ? { field } : {}) });
}
