import { dayNumber, monthsPeriodEnd } from '../calendar.js';
import { formatYears } from '../format/text.js';
import type { PackSet } from '../pack/load.js';
import type { Activity, Parameter, Suspension, Weight, YearPack } from '../types.js';
import type { CompiledYear } from './compiled-year.js';
import type { Decision } from '../rules/decision.js';
import { PCMH_THRESHOLDS, type Facts } from '../rules/facts.js';
import { describeParam, param, parameterRead, type ParameterRead } from './params.js';
import { didYouMean } from '../format/did-you-mean.js';
import { MAX_LISTED_PROBLEMS } from '../pack/schema.js';
import { ScoreError, type InputProblem } from './score-error.js';
import type { ActivityClaim, Submission } from './submission.js';

export interface ActivityResult {
  id: string;
  title: string;
  weight: string | null;
  points: number;
  counted: boolean;
  /** Why it earned nothing (or what else the reader should know), as a code… */
  code?: OutcomeCode;
  /** …the text made of it… */
  reason?: string;
  /** …and the parameters it read. */
  parameters?: readonly ParameterRead[];
}

/** Why an activity earned nothing, or what else to know of it (schemas/result.schema.json lists them). */
export type OutcomeCode =
  | 'PCMH_CREDIT' | 'PCMH_SITES_NOT_MET' | 'BEGUN_AFTER_SUSPENSION' | 'MVP_ONLY' | 'NOT_IN_MVP' | 'NOT_IN_TRADITIONAL'
  | 'PERIOD_REVERSED' | 'PERIOD_OUTSIDE_YEAR' | 'PERIOD_TOO_SHORT' | 'GROUP_SHARE_NOT_MET' | 'ATTESTED_TOO_RECENTLY';

/** An outcome as data: compare and impact read its code and parameters, people its text. */
interface Outcome {
  code: OutcomeCode;
  text: string;
  parameters?: readonly ParameterRead[];
}

const outcome = (code: OutcomeCode, text: string, parameters?: readonly ParameterRead[]): Outcome =>
  (parameters ? { code, text, parameters } : { code, text });

/** The parameters an outcome reads, as results share them. */
const reading = (...read: Parameter[]): readonly ParameterRead[] => Object.freeze(read.map(parameterRead));

const PCMH_CREDIT = outcome('PCMH_CREDIT', 'the PCMH attestation earns full credit through the pcmh rule, not activity points');

/** A day as a date and its day number (calendar.ts dayNumber). */
interface Day {
  date: string;
  day: number;
}

const day = (date: string): Day => ({ date, day: dayNumber(date) });

/** A test of the year's parameters: how outcomes quote it, and the parameters they read. */
interface YearTest {
  rule: string;
  parameters: readonly ParameterRead[];
}

/**
 * An attestable activity of the year as counting reads it: every one with the same fields (one
 * shape, where the activities' optional fields make many: cheaper to read), 0 or false for none.
 */
interface Attestable {
  activity: Activity;
  id: string;
  title: string;
  weight: Weight;
  pcmhAttestation: boolean;
  mvpOnly: boolean;
  /** Not available in traditional MIPS (allowedPrograms without mips). */
  notInTraditional: boolean;
  minMonths: number;
  minDays: number;
  onceEveryYears: number;
  suspension: (Suspension & { activity: Activity }) | undefined;
}

function attestable(activity: Activity, pack: YearPack): Attestable {
  return {
    activity,
    id: activity.id,
    title: activity.title,
    weight: activity.weight,
    pcmhAttestation: activity.pcmhAttestation === true,
    mvpOnly: activity.mvpOnly === true,
    notInTraditional: activity.allowedPrograms ? !activity.allowedPrograms.includes('mips') : false,
    minMonths: activity.minMonths ?? 0,
    minDays: activity.minDays ?? 0,
    onceEveryYears: activity.onceEveryYears ?? 0,
    suspension: pack.suspended.get(activity.id),
  };
}

/** What counting activities reads of a year (compileYear keeps it). */
export interface ActivityPlan {
  /** The year's attestable activities by ID. */
  attestable: ReadonlyMap<string, Attestable>;
  pcmhSitesNotMet: Outcome;
  /** The year's minimum period, and its first and last days. */
  period: YearTest & { minDays: number; first: Day; last: Day };
  group: YearTest & { minClinicians: number; minShare: number };
}

export function activityPlan(pack: YearPack): ActivityPlan {
  const minimum = param(pack, 'thresholds.minContinuousDays');
  const latest = pack.parameters.get('thresholds.latestStartDate');
  const minClinicians = param(pack, 'thresholds.groupActivityMinClinicians');
  const minShare = param(pack, 'thresholds.groupActivityMinShare');
  return {
    attestable: new Map([...pack.activities.values()].map((a) => [a.id, attestable(a, pack)])),
    pcmhSitesNotMet: outcome('PCMH_SITES_NOT_MET', 'PCMH attested, but the practice-site test of the year is not met', reading(...PCMH_THRESHOLDS.map((n) => param(pack, n)))),
    period: {
      minDays: minimum.value as number,
      first: day(`${pack.year}-01-01`),
      last: day(`${pack.year}-12-31`),
      // The year's own period rule, with the last day such a period can start (CMS publishes it).
      rule: latest ? `${describeParam(minimum)}; the last such period starts ${latest.value} (${describeParam(latest)})` : describeParam(minimum),
      parameters: latest ? reading(minimum, latest) : reading(minimum),
    },
    group: {
      minClinicians: minClinicians.value as number,
      minShare: minShare.value as number,
      rule: `${describeParam(minClinicians)}, ${describeParam(minShare)}`,
      parameters: reading(minClinicians, minShare),
    },
  };
}

export interface ActivityContext {
  pack: YearPack;
  year: CompiledYear;
  facts: Facts;
  decision: Decision;
  sub: Submission;
  /** Points per weight from the table the rules picked. */
  pointsTable: Record<string, number>;
  /** Every loaded pack: an unknown ID's error names the years it exists in. */
  packs: PackSet;
}

/** Scores each claimed activity; unknown or suspended IDs are an error naming them all. */
export function scoreActivities(ctx: ActivityContext): { results: ActivityResult[]; warnings: string[] } {
  const claims = ctx.sub.activities ?? [];
  const { attestable } = ctx.year.activities;
  for (const c of claims) if (!attestable.has(c.id)) throw unknownActivities(claims, ctx);
  return countActivities(claims, ctx);
}

const activityYears = new WeakMap<PackSet, Map<string, number[]>>();

/** The years each activity ID is attestable in, across a pack set. */
function yearsIndex(packs: PackSet): (id: string) => number[] {
  let index = activityYears.get(packs);
  if (!index) {
    index = new Map();
    for (const [year, pack] of packs) {
      for (const id of pack.activities.keys()) index.set(id, [...(index.get(id) ?? []), year]);
    }
    activityYears.set(packs, index);
  }
  const found = index;
  return (id) => found.get(id) ?? [];
}

function unknownActivities(claims: readonly ActivityClaim[], ctx: ActivityContext): ScoreError {
  const { pack } = ctx;
  const yearsOf = yearsIndex(ctx.packs);
  const problems: InputProblem[] = [];
  claims.forEach((claim, i) => {
    if (pack.activities.has(claim.id)) return;
    const suspension = pack.suspended.get(claim.id);
    if (suspension) {
      problems.push({ path: `activities[${i}].id`, code: 'ACTIVITY_SUSPENDED', message: `${claim.id} was suspended in ${pack.year}${suspension.date ? ` on ${suspension.date}` : ''} and cannot be attested (${suspension.note ?? suspension.reference})` });
      return;
    }
    const years = yearsOf(claim.id);
    const where = years.length ? `it exists in ${formatYears(years)}` : 'it is in no year of the inventory';
    const renumbered = [...pack.activities.values()].find((a) => a.renumberedFrom === claim.id);
    // An ID of no year may be mistyped: the year's closest IDs, for as many problems as are listed.
    const typo = years.length === 0 && problems.length < MAX_LISTED_PROBLEMS ? didYouMean(claim.id, [...pack.activities.keys()]) : '';
    const hint = renumbered ? `; CMS renumbered it ${renumbered.id} (attest ${renumbered.id})` : typo;
    problems.push({ path: `activities[${i}].id`, code: 'ACTIVITY_UNKNOWN', message: `${claim.id} is not in the ${pack.year} inventory; ${where}${hint}` });
  });
  return new ScoreError('UNKNOWN_ACTIVITY', `${problems.length} activit${problems.length === 1 ? 'y is' : 'ies are'} not attestable in ${pack.year}`, problems);
}

function countActivities(claims: readonly ActivityClaim[], ctx: ActivityContext): { results: ActivityResult[]; warnings: string[] } {
  const { attestable } = ctx.year.activities;
  const warnings: string[] = [];
  // An activity listed more than once counts once, if any of its claims counts, so that the
  // order of the list never changes the result (the first claim alone decided before).
  const repeats = hasRepeats(claims) ? claimsById(claims) : undefined;
  const seen = repeats ? new Set<string>() : undefined;
  const results: ActivityResult[] = [];
  for (let i = 0; i < claims.length; i++) {
    const claim = claims[i];
    if (seen?.has(claim.id)) {
      warnings.push(`${claim.id} is listed more than once (activities[${i}]); each activity counts once a year`);
      continue;
    }
    seen?.add(claim.id);
    const activity = attestable.get(claim.id)!;
    const { suspension } = activity;
    if (suspension) {
      warnings.push(`${claim.id} was suspended${suspension.date ? ` on ${suspension.date}` : ''}; still creditable for work already begun (${suspension.reference})`);
    }
    const same = repeats?.get(claim.id);
    const notCounted = same && same.length > 1 ? whyNoneCounts(activity, same, claims, ctx) : whyNotCounted(activity, claim, i, ctx);
    const counted = notCounted === undefined;
    const result: ActivityResult = {
      id: activity.id,
      title: activity.title,
      weight: activity.weight,
      points: counted && !activity.pcmhAttestation ? ctx.pointsTable[activity.weight ?? 'unweighted'] : 0,
      counted,
    };
    const why = notCounted ?? (activity.pcmhAttestation ? PCMH_CREDIT : undefined);
    if (why) {
      result.code = why.code;
      result.reason = why.text;
      if (why.parameters) result.parameters = why.parameters;
    }
    results.push(result);
  }
  sortById(results);
  return { results, warnings };
}

/**
 * Sorts results by ID, so that order in the submission never changes the result. An insertion
 * sort: lists are a few activities, for which Array.prototype.sort's setup costs more than sorting.
 */
function sortById(results: ActivityResult[]): void {
  for (let i = 1; i < results.length; i++) {
    const r = results[i];
    let j = i;
    for (; j > 0 && results[j - 1].id > r.id; j--) results[j] = results[j - 1];
    results[j] = r;
  }
}

/** Whether an ID is listed twice; pairwise for the short lists submissions have. */
function hasRepeats(claims: readonly ActivityClaim[]): boolean {
  if (claims.length > 16) return new Set(claims.map((c) => c.id)).size < claims.length;
  for (let i = 1; i < claims.length; i++) {
    for (let j = 0; j < i; j++) if (claims[i].id === claims[j].id) return true;
  }
  return false;
}

/** The indexes of each activity's claims, in submission order. */
function claimsById(claims: readonly ActivityClaim[]): Map<string, number[]> {
  const byId = new Map<string, number[]>();
  for (let i = 0; i < claims.length; i++) {
    const list = byId.get(claims[i].id);
    if (list) list.push(i);
    else byId.set(claims[i].id, [i]);
  }
  return byId;
}

/**
 * For an activity claimed more than once: undefined when any claim counts, else every claim's
 * reason, sorted (an order-free text), under the code of the first and with every parameter read.
 * Each claim is checked, so a claim out of range is an error wherever it stands.
 */
function whyNoneCounts(activity: Attestable, indexes: readonly number[], claims: readonly ActivityClaim[], ctx: ActivityContext): Outcome | undefined {
  const reasons = new Map<string, Outcome>();
  let counted = false;
  for (const i of indexes) {
    const reason = whyNotCounted(activity, claims[i], i, ctx);
    if (reason === undefined) counted = true;
    else reasons.set(reason.text, reason);
  }
  if (counted) return undefined;
  const all = [...reasons.values()].sort((a, b) => (a.text < b.text ? -1 : 1));
  const read = [...new Map(all.flatMap((o) => o.parameters ?? []).map((p) => [p.name, p])).values()];
  return { code: all[0].code, text: all.map((o) => o.text).join('; '), ...(read.length > 0 ? { parameters: read } : {}) };
}

/** The first reason the activity earns nothing, or undefined when it counts. */
function whyNotCounted(activity: Attestable, claim: ActivityClaim, index: number, ctx: ActivityContext): Outcome | undefined {
  const { pack, facts, decision, sub } = ctx;
  if (activity.pcmhAttestation) return facts.pcmh ? undefined : ctx.year.activities.pcmhSitesNotMet;
  const suspendedOn = activity.suspension?.date;
  if (suspendedOn !== undefined && claim.performanceStart !== undefined && claim.performanceStart > suspendedOn) {
    return outcome('BEGUN_AFTER_SUSPENSION', `the work begins ${claim.performanceStart}, after ${activity.id}'s suspension on ${suspendedOn}; only work already begun then stays creditable`);
  }
  if (activity.mvpOnly && facts.reportingOption !== 'mvp') return outcome('MVP_ONLY', `${activity.id} counts only under an MVP (${activity.activity.ruleReference ?? 'mvpOnly'})`);
  if (decision.restrictToMvp) {
    const mvp = pack.mvps.get(sub.mvpId!);
    if (!mvp?.activities.includes(activity.id)) return outcome('NOT_IN_MVP', `not among the activities of MVP ${sub.mvpId} in ${pack.year}`);
  } else if (activity.notInTraditional && facts.reportingOption === 'traditional') {
    return outcome('NOT_IN_TRADITIONAL', `not available in traditional MIPS (allowedPrograms: ${activity.activity.allowedPrograms!.join(', ')})`);
  }
  return periodProblem(activity, claim, ctx) ?? groupProblem(claim, index, ctx) ?? frequencyProblem(activity, claim, index, pack);
}

function periodProblem(activity: Attestable, claim: ActivityClaim, { pack, year }: ActivityContext): Outcome | undefined {
  const { performanceStart, performanceEnd } = claim;
  if (performanceStart === undefined && performanceEnd === undefined) return undefined;
  // A missing end runs to the year's end; a missing start, from its beginning. Dates (checked:
  // real dates) are compared by day number, which costs less than comparing their strings.
  const { first, last } = year.activities.period;
  const start = performanceStart ?? first.date;
  const end = performanceEnd ?? last.date;
  const startDay = performanceStart === undefined ? first.day : dayNumber(performanceStart);
  const endDay = performanceEnd === undefined ? last.day : dayNumber(performanceEnd);
  if (endDay < startDay) return outcome('PERIOD_REVERSED', `performanceEnd ${end} is before performanceStart ${start}`);
  if (endDay < first.day || startDay > last.day) return outcome('PERIOD_OUTSIDE_YEAR', `performed ${start} to ${end}, outside the ${pack.year} performance year`);
  // Only the days within the year count (42 CFR 414.1360(a)(1): a continuous period "during the
  // performance period"): a period begun the year before still counts for its days in this year.
  const startsBefore = startDay < first.day;
  const endsAfter = endDay > last.day;
  const from = startsBefore ? first.date : start;
  const to = endsAfter ? last.date : end;
  const within = startsBefore || endsAfter ? ` within ${pack.year}` : '';
  if (activity.minMonths) {
    const needed = monthsPeriodEnd(from, activity.minMonths);
    if (to >= needed) return undefined;
    return outcome('PERIOD_TOO_SHORT', `performed ${from} to ${to}${within}; ${activity.id} needs ${activity.minMonths} calendar months, to ${needed} or later (${activity.activity.ruleReference ?? 'minMonths'})`);
  }
  const days = (endsAfter ? last.day : endDay) - (startsBefore ? first.day : startDay) + 1;
  if (activity.minDays) {
    if (days >= activity.minDays) return undefined;
    return outcome('PERIOD_TOO_SHORT', `performed ${days} continuous days${within} (${from} to ${to}); at least ${activity.minDays} needed: ${activity.id} needs ${activity.minDays} days (${activity.activity.ruleReference ?? 'minDays'})`);
  }
  const { minDays, rule, parameters } = year.activities.period;
  if (days >= minDays) return undefined;
  return outcome('PERIOD_TOO_SHORT', `performed ${days} continuous days${within} (${from} to ${to}); at least ${minDays} needed: ${rule}`, parameters);
}

function groupProblem(claim: ActivityClaim, index: number, ctx: ActivityContext): Outcome | undefined {
  const performing = claim.cliniciansPerforming;
  if (!ctx.facts.isGroup || performing === undefined) return undefined;
  const { minClinicians, minShare, rule, parameters } = ctx.year.activities.group;
  const total = ctx.sub.clinicians?.total;
  if (total !== undefined && performing > total) {
    throw new ScoreError('INVALID_SUBMISSION', 'more clinicians performing an activity than the group has', [
      { path: `activities[${index}].cliniciansPerforming`, code: 'SUBMISSION_RANGE', message: `${performing} performing, but clinicians.total is ${total}` },
    ]);
  }
  const shareNeeded = total === undefined ? 0 : Math.ceil(minShare * total);
  const needed = Math.max(minClinicians, shareNeeded);
  if (performing >= needed) return undefined;
  return outcome('GROUP_SHARE_NOT_MET', `performed by ${performing} of ${total ?? 'an unknown number of'} clinicians; at least ${needed} needed: ${rule}`, parameters);
}

function frequencyProblem(activity: Attestable, claim: ActivityClaim, index: number, pack: YearPack): Outcome | undefined {
  const every = activity.onceEveryYears;
  if (!every || claim.lastAttestedYear === undefined) return undefined;
  if (claim.lastAttestedYear >= pack.year) {
    throw new ScoreError('INVALID_SUBMISSION', 'lastAttestedYear must be before the performance year', [
      { path: `activities[${index}].lastAttestedYear`, code: 'SUBMISSION_RANGE', message: `${claim.lastAttestedYear} is not before ${pack.year}` },
    ]);
  }
  if (pack.year - claim.lastAttestedYear >= every) return undefined;
  return outcome('ATTESTED_TOO_RECENTLY', `last attested in ${claim.lastAttestedYear}; ${activity.id} is creditable once every ${every} years (${activity.activity.ruleReference ?? 'onceEveryYears'})`);
}

