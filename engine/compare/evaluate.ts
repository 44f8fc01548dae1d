import { dateOfDay, dayNumber, isFullDate, shiftYears } from '../calendar.js';
import type { PackSet } from '../pack/load.js';
import { loadSchema } from '../pack/schema.js';
import type { Decision } from '../rules/decision.js';
import type { Facts } from '../rules/facts.js';
import { ScoreError, type InputProblem } from '../score/score-error.js';
import { assemble, decide, type Decided, type ScoreResult } from '../score/score.js';
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
  if (offset === 0) return sub;
  return withClaims(sub, year, sub.activities?.map((c) => moveClaim(c, offset)));
}

function withClaims(sub: Submission, year: number, activities: ActivityClaim[] | undefined): Submission {
  return activities ? { ...sub, performanceYear: year, activities } : { ...sub, performanceYear: year };
}

function moveClaim(c: ActivityClaim, offset: number): ActivityClaim {
  const moved: ActivityClaim = { ...c };
  if (c.performanceStart !== undefined) moved.performanceStart = shiftYears(c.performanceStart, offset);
  if (c.performanceEnd !== undefined) {
    // The period keeps its length (a leap day does not shorten it), not its last date.
    moved.performanceEnd = c.performanceStart !== undefined
      ? dateOfDay(dayNumber(moved.performanceStart!) + dayNumber(c.performanceEnd) - dayNumber(c.performanceStart))
      : shiftYears(c.performanceEnd, offset);
  }
  if (c.lastAttestedYear !== undefined) moved.lastAttestedYear = c.lastAttestedYear + offset;
  return moved;
}

// What moving can make invalid in a checked submission: a year or a date beyond the schema's
// bounds. Only a submission that reaches one is checked again (in full, for the exact problems).
const SCHEMA = loadSchema('submission.schema.json') as { properties: { performanceYear: Bounds }; $defs: { activity: { properties: { lastAttestedYear: Bounds } } } };
interface Bounds { minimum: number; maximum: number }
const within = (n: number, { minimum, maximum }: Bounds) => n >= minimum && n <= maximum;

function movedOutOfBounds(sub: Submission): boolean {
  if (!within(sub.performanceYear, SCHEMA.properties.performanceYear)) return true;
  for (const c of sub.activities ?? []) {
    if (c.lastAttestedYear !== undefined && !within(c.lastAttestedYear, SCHEMA.$defs.activity.properties.lastAttestedYear)) return true;
    if ((c.performanceStart !== undefined && !isFullDate(c.performanceStart)) || (c.performanceEnd !== undefined && !isFullDate(c.performanceEnd))) return true;
  }
  return false;
}

/** A checked submission as a year sees it (splitFor). */
export interface Split {
  kept: Submission;
  leftOut: LeftOut[];
  /** Moved beyond the schema's bounds: checked again before scoring. */
  outOfBounds: boolean;
}

/**
 * The submission moved to the pack's year (forYear) with the claims the year cannot attest left
 * out. Only the claims kept are moved, and only a moved submission is looked at for bounds: the
 * submission's own year takes it as it is, in one pass over its claims.
 */
export function splitFor(pack: YearPack, sub: Submission): Split {
  const claims = sub.activities ?? [];
  const leftOut = leftOutOf(pack, claims);
  const offset = pack.year - sub.performanceYear;
  if (offset === 0 && leftOut.length === 0) return { kept: sub, leftOut, outOfBounds: false };
  const attested = leftOut.length === 0 ? sub.activities : claims.filter((c) => pack.activities.has(c.id));
  const kept = withClaims(sub, pack.year, offset === 0 ? attested : attested?.map((c) => moveClaim(c, offset)));
  return { kept, leftOut, outOfBounds: offset !== 0 && movedOutOfBounds(kept) };
}

/** The claims the year cannot attest, each id once. */
function leftOutOf(pack: YearPack, claims: readonly ActivityClaim[]): LeftOut[] {
  const leftOut: LeftOut[] = [];
  for (const c of claims) {
    if (pack.activities.has(c.id) || leftOut.some((l) => l.id === c.id)) continue;
    const suspension = pack.suspended.get(c.id);
    leftOut.push(suspension
      ? { id: c.id, reason: 'suspended', message: `${c.id} was suspended in ${pack.year}${suspension.date ? ` on ${suspension.date}` : ''} and cannot be attested (${suspension.note ?? suspension.reference})` }
      : { id: c.id, reason: 'unknown', message: `${c.id} is not in the ${pack.year} inventory` });
  }
  return leftOut;
}

/**
 * Scores a (valid) submission under a year of `packs`. Never throws for the submission's
 * content: a refusal is status rejected or invalid with the error.
 */
export async function evaluate(packs: PackSet, sub: Submission, year: number, options: { explain?: boolean } = {}): Promise<Evaluation> {
  return evaluateSplit(packs, year, splitFor(packs.get(year)!, sub), options);
}

/**
 * evaluate() of a checked submission already split for the year (splitFor): at once when the
 * decision is cached (as score() is), else a promise.
 */
export function evaluateSplit(packs: PackSet, year: number, { kept, leftOut, outOfBounds }: Split, options: { explain?: boolean } = {}): Evaluation | Promise<Evaluation> {
  const pack = packs.get(year)!;
  const out: Evaluation = { year, pack, status: 'scored', leftOut };
  const explain = options.explain ?? false;
  try {
    const checked = outOfBounds ? checkSubmission(kept) : kept;
    const decided = decide(pack, checked);
    if (decided instanceof Promise) return decided.then((d) => scored(out, packs, checked, d, explain), (e) => refused(out, e));
    return scored(out, packs, checked, decided, explain);
  } catch (e) {
    return refused(out, e);
  }
}

function scored(out: Evaluation, packs: PackSet, sub: Submission, { derived, decision }: Decided, explain: boolean): Evaluation {
  out.facts = derived.facts;
  out.decision = decision;
  try {
    out.result = assemble(packs, out.pack, sub, derived, decision, explain);
  } catch (e) {
    return refused(out, e);
  }
  return out;
}

/** A refusal of the submission (ScoreError) is the evaluation's status; anything else is thrown. */
function refused(out: Evaluation, e: unknown): Evaluation {
  if (!(e instanceof ScoreError)) throw e;
  out.status = e.code === 'INVALID_SUBMISSION' ? 'invalid' : 'rejected';
  out.error = { code: e.code, message: e.message, errors: e.errors };
  return out;
}
