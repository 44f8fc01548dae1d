import type { PackSet } from '../pack/load.js';
import type { Decision } from '../rules/decision.js';
import type { Facts } from '../rules/facts.js';
import { ScoreError, type InputProblem } from '../score/score-error.js';
import { assemble, decide, type ScoreResult } from '../score/score.js';
import { checkSubmission, type ActivityClaim, type Submission } from '../score/submission.js';
import type { YearPack } from '../types.js';

// One submission scored under one year for comparison: performanceYear replaced, dates moved
// along, and activities the year cannot attest left out (reported) rather than an error.

/** An activity of the submission that the year does not have, or has suspended. */
export interface LeftOut {
  id: string;
  reason: 'unknown' | 'suspended';
  message: string;
}

export interface Evaluation {
  year: number;
  pack: YearPack;
  /** scored; rejected (a rule or the MVP list refuses the submission); invalid (e.g. a lastAttestedYear not before the year). */
  status: 'scored' | 'rejected' | 'invalid';
  leftOut: LeftOut[];
  result?: ScoreResult;
  error?: { code: string; message: string; errors: InputProblem[] };
  /** What the year's rules saw and decided (when the shape was valid). */
  facts?: Facts;
  decision?: Decision;
}

/**
 * The submission as if made for another year: performanceYear replaced; activity dates and
 * lastAttestedYear moved by the same number of years (a period keeps its number of days, so
 * Jan 1 - Mar 30, 2024 becomes Jan 1 - Mar 31, 2023: 90 days either way).
 */
export function forYear(sub: Submission, year: number): Submission {
  const offset = year - sub.performanceYear;
  if (offset === 0 || !sub.activities) return { ...sub, performanceYear: year };
  return {
    ...sub,
    performanceYear: year,
    activities: sub.activities.map((c) => {
      const moved: ActivityClaim = { ...c };
      if (c.performanceStart !== undefined) moved.performanceStart = shiftDate(c.performanceStart, offset);
      if (c.performanceEnd !== undefined) {
        // The period keeps its length (a leap day does not shorten it), not its last date.
        const days = c.performanceStart !== undefined ? daysBetween(c.performanceStart, c.performanceEnd) : undefined;
        moved.performanceEnd = days !== undefined && moved.performanceStart !== undefined ? addDays(moved.performanceStart, days) : shiftDate(c.performanceEnd, offset);
      }
      if (c.lastAttestedYear !== undefined) moved.lastAttestedYear = c.lastAttestedYear + offset;
      return moved;
    }),
  };
}

const DAY_MS = 86_400_000;

function daysBetween(start: string, end: string): number | undefined {
  const d = Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS);
  return Number.isFinite(d) ? d : undefined;
}

// A corpus repeats a few thousand dates: each sum is formatted once (toISOString is most of a
// move's cost). Bounded: cleared when full, whatever the input.
const added = new Map<string, string>();
const ADDED_MAX = 20_000;

function addDays(date: string, days: number): string {
  const key = `${date}+${days}`;
  let out = added.get(key);
  if (out === undefined) {
    if (added.size >= ADDED_MAX) added.clear();
    out = new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);
    added.set(key, out);
  }
  return out;
}

function shiftDate(date: string, years: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const y = Number(m[1]) + years;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const day = m[2] === '02' && m[3] === '29' && !leap ? '28' : m[3];
  return `${String(y).padStart(4, '0')}-${m[2]}-${day}`;
}

/** The claims the year can attest, and those it cannot. */
export function splitClaims(pack: YearPack, sub: Submission): { kept: Submission; leftOut: LeftOut[] } {
  const leftOut: LeftOut[] = [];
  const claims = sub.activities ?? [];
  const kept = claims.filter((c) => {
    if (pack.activities.has(c.id)) return true;
    const suspension = pack.suspended.get(c.id);
    if (leftOut.some((l) => l.id === c.id)) return false;
    leftOut.push(suspension
      ? { id: c.id, reason: 'suspended', message: `${c.id} was suspended in ${pack.year}${suspension.date ? ` on ${suspension.date}` : ''} and cannot be attested (${suspension.note ?? suspension.reference})` }
      : { id: c.id, reason: 'unknown', message: `${c.id} is not in the ${pack.year} inventory` });
    return false;
  });
  if (leftOut.length === 0) return { kept: sub, leftOut };
  return { kept: { ...sub, activities: kept }, leftOut };
}

/**
 * Scores a (valid) submission under a year of `packs`. Never throws for the submission's
 * content: a refusal is status rejected or invalid with the error.
 */
export function evaluate(packs: PackSet, sub: Submission, year: number, options: { explain?: boolean } = {}): Promise<Evaluation> {
  return evaluateSplit(packs, year, splitClaims(packs.get(year)!, forYear(sub, year)), options);
}

/**
 * evaluate() of a submission already moved to the year and split (splitClaims of forYear).
 * `checked`: kept is the checked submission as it was (its own year, nothing left out), so it
 * is not checked again.
 */
export async function evaluateSplit(packs: PackSet, year: number, { kept, leftOut }: ReturnType<typeof splitClaims>, options: { explain?: boolean; checked?: boolean } = {}): Promise<Evaluation> {
  const pack = packs.get(year)!;
  const out: Evaluation = { year, pack, status: 'scored', leftOut };
  try {
    // Checked again otherwise: moved to the year, a lastAttestedYear may no longer be valid.
    const checked = options.checked ? kept : checkSubmission(kept);
    const { derived, decision } = await decide(pack, checked);
    out.facts = derived.facts;
    out.decision = decision;
    out.result = assemble(packs, pack, checked, derived, decision, options.explain ?? false);
  } catch (e) {
    if (!(e instanceof ScoreError)) throw e;
    out.status = e.code === 'INVALID_SUBMISSION' ? 'invalid' : 'rejected';
    out.error = { code: e.code, message: e.message, errors: e.errors };
  }
  return out;
}
