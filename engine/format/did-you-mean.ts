// "did you mean IA_PM_28?" for a mistyped name: the candidates one edit away (Levenshtein, through
// leven; two neighbours swapped, IA_MP_28 for IA_PM_28, count as one), and none when too many are
// that close to tell them apart (IA_PM_2 is one edit from IA_PM_1, IA_PM_3, IA_PM_20 … alike).
// Two edits are too many for IDs this short: IA_PM_77 is two from IA_PM_2.
import leven from 'leven';

const MAX_EDITS = 1;
const MAX_SHOWN = 3;
/** Bounds on the work one call may do (a year has about 100-250 IDs of at most 12 characters). */
const MAX_NAME = 40;
const MAX_CANDIDATES = 2000;

/**
 * The closest candidates within MAX_EDITS, in the candidates' order; [] when none, more than
 * MAX_SHOWN, or past the bounds (a name over MAX_NAME characters, more than MAX_CANDIDATES).
 */
export function closeMatches(name: string, candidates: readonly string[]): string[] {
  if (name.length > MAX_NAME || candidates.length > MAX_CANDIDATES) return [];
  let best = MAX_EDITS + 1;
  let matches: string[] = [];
  for (const candidate of candidates) {
    if (candidate === name || Math.abs(candidate.length - name.length) > MAX_EDITS) continue;
    // maxDistance best + 1: exact up to best, and "farther" beyond it.
    const d = isSwap(name, candidate) ? 1 : leven(name, candidate, { maxDistance: best + 1 });
    if (d < best) {
      best = d;
      matches = [candidate];
    } else if (d === best && best <= MAX_EDITS) matches.push(candidate);
  }
  return matches.length <= MAX_SHOWN ? matches : [];
}

/** Whether b is a with two neighbouring characters swapped. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** `; did you mean IA_PM_28?` (or `… IA_PM_28 or IA_PM_82?`), or '' when no candidate is close. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const matches = closeMatches(name, candidates);
  if (matches.length === 0) return '';
  const list = matches.length === 1 ? matches[0] : `${matches.slice(0, -1).join(', ')} or ${matches.at(-1)}`;
  return `; did you mean ${list}?`;
}
