import type { PackSet } from '../pack/load.js';
import { ScoreError } from '../score/score-error.js';
import { checkSubmission, type Submission } from '../score/submission.js';
import { explainChange, type CauseKind } from '../compare/causes.js';
import { evaluateSplit, splitFor, type Evaluation } from '../compare/evaluate.js';

// The impact of a change (two years, or a draft pack against the year it extends) on a corpus
// of submissions: each is scored under both sides and only counts are kept, so a corpus of any
// size runs in constant memory.

/** One side of the comparison: a pack set and the year of it that scores. */
export interface ImpactSide {
  packs: PackSet;
  year: number;
  /** How reports name it: `2019`, or `draft.yaml (2025)`. */
  label: string;
}

export interface CauseTally {
  key: string;
  kind: CauseKind;
  subject: string;
  summary: string;
  /** Submissions it touched (each once). */
  submissions: number;
  up: number;
  down: number;
  /** Submissions refused in one year and not the other, for status causes. */
  refusals: number;
}

export interface ImpactReport {
  format: 'mips-ia.impact.v1';
  from: { year: number; label: string };
  to: { year: number; label: string };
  /** Non-empty lines (or submissions) read. */
  total: number;
  /** Not JSON, or not a valid submission. */
  invalid: number;
  /** Some activity of the submission does not exist (or is suspended) in that side's year: not compared. */
  missing: { from: number; to: number; activities: { id: string; from: number; to: number }[] };
  /** Refused (rejected, or not scorable) under a side: not compared. */
  refused: { fromOnly: number; toOnly: number; both: number; codes: { code: string; from: number; to: number }[] };
  /** Scored under both sides with every activity present. */
  compared: number;
  unchanged: number;
  changed: number;
  /** Points up, down; or the same points and a different IA weight. */
  up: number;
  down: number;
  weightOnly: number;
  /** Point deltas of the changed submissions (to − from), by delta. */
  histogram: { delta: number; count: number }[];
  /** Final score contribution (IA), over the compared submissions. */
  contribution: { totalDelta: number; meanDelta: number; minDelta: number; maxDelta: number };
  /** The causes by the number of submissions they touched. */
  causes: CauseTally[];
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * What a run has counted so far: plain data (it crosses threads as a structured clone), and
 * merged by adding (mergeTally), so any split of a corpus into parts, merged in input order,
 * gives the same report.
 * Contributions are summed in ten-thousandths, as integers: a sum of floats would depend on the
 * order of the parts.
 */
export interface ImpactTally {
  total: number;
  invalid: number;
  missingFrom: number;
  missingTo: number;
  missingIds: Map<string, { from: number; to: number }>;
  refusedFromOnly: number;
  refusedToOnly: number;
  refusedBoth: number;
  refusedCodes: Map<string, { from: number; to: number }>;
  compared: number;
  unchanged: number;
  up: number;
  down: number;
  weightOnly: number;
  histogram: Map<number, number>;
  contributionUnits: number;
  contributionMin: number;
  contributionMax: number;
  causes: Map<string, CauseTally>;
}

export function emptyTally(): ImpactTally {
  return {
    total: 0, invalid: 0, missingFrom: 0, missingTo: 0, missingIds: new Map(), refusedFromOnly: 0, refusedToOnly: 0, refusedBoth: 0, refusedCodes: new Map(),
    compared: 0, unchanged: 0, up: 0, down: 0, weightOnly: 0, histogram: new Map(), contributionUnits: 0, contributionMin: 0, contributionMax: 0, causes: new Map(),
  };
}

const COUNTS = ['total', 'invalid', 'missingFrom', 'missingTo', 'refusedFromOnly', 'refusedToOnly', 'refusedBoth', 'compared', 'unchanged', 'up', 'down', 'weightOnly', 'contributionUnits'] as const;

/**
 * Adds `part` (what follows `into` in the corpus) into `into`, and returns it. Associative; not
 * commutative only in a cause's summary, which is the first seen (a refusal's message).
 */
export function mergeTally(into: ImpactTally, part: ImpactTally): ImpactTally {
  for (const k of COUNTS) into[k] += part[k];
  into.contributionMin = Math.min(into.contributionMin, part.contributionMin);
  into.contributionMax = Math.max(into.contributionMax, part.contributionMax);
  for (const [m, p] of [[into.missingIds, part.missingIds], [into.refusedCodes, part.refusedCodes]] as const) {
    for (const [key, c] of p) {
      const e = m.get(key) ?? { from: 0, to: 0 };
      m.set(key, { from: e.from + c.from, to: e.to + c.to });
    }
  }
  for (const [delta, n] of part.histogram) into.histogram.set(delta, (into.histogram.get(delta) ?? 0) + n);
  for (const [key, c] of part.causes) {
    const e = into.causes.get(key);
    into.causes.set(key, e ? { ...e, submissions: e.submissions + c.submissions, up: e.up + c.up, down: e.down + c.down, refusals: e.refusals + c.refusals } : { ...c });
  }
  return into;
}

/** Scores submissions under both sides, one at a time, keeping only counts. */
export class ImpactRun {
  readonly tally = emptyTally();

  constructor(readonly from: ImpactSide, readonly to: ImpactSide) {}

  /** A line that cannot be read as text (not UTF-8): counted invalid. */
  addUnreadable(): void {
    this.tally.total++;
    this.tally.invalid++;
  }

  /** One submission: a parsed value or a JSON line. At once unless a side's decision is not cached. */
  add(input: unknown): void | Promise<void> {
    const t = this.tally;
    t.total++;
    let sub: Submission;
    try {
      sub = checkSubmission(typeof input === 'string' ? JSON.parse(input) : input);
    } catch (e) {
      if (e instanceof ScoreError || e instanceof SyntaxError) {
        t.invalid++;
        return;
      }
      throw e;
    }
    const splitFrom = splitFor(this.from.packs.get(this.from.year)!, sub);
    const splitTo = splitFor(this.to.packs.get(this.to.year)!, sub);
    const leftFrom = splitFrom.leftOut;
    const leftTo = splitTo.leftOut;
    if (leftFrom.length > 0 || leftTo.length > 0) {
      if (leftFrom.length > 0) t.missingFrom++;
      if (leftTo.length > 0) t.missingTo++;
      for (const l of leftFrom) bump(t.missingIds, l.id, 'from');
      for (const l of leftTo) bump(t.missingIds, l.id, 'to');
      return;
    }
    const a = evaluateSplit(this.from.packs, this.from.year, splitFrom);
    const b = evaluateSplit(this.to.packs, this.to.year, splitTo);
    if (a instanceof Promise || b instanceof Promise) return Promise.all([a, b]).then(([x, y]) => this.count(x, y));
    this.count(a, b);
  }

  /** The two sides' evaluations of one submission, counted. */
  private count(a: Evaluation, b: Evaluation): void {
    const t = this.tally;
    if (a.status !== 'scored' || b.status !== 'scored') {
      if (a.status !== 'scored' && b.status !== 'scored') t.refusedBoth++;
      else if (a.status !== 'scored') t.refusedFromOnly++;
      else t.refusedToOnly++;
      const code = (e: Evaluation) => e.error!.errors[0]?.code ?? e.error!.code;
      if (a.status !== 'scored') bump(t.refusedCodes, code(a), 'from');
      if (b.status !== 'scored') bump(t.refusedCodes, code(b), 'to');
      if (a.status !== b.status) for (const c of explainChange(a, b)) tally(t, c, 0, true);
      return;
    }
    t.compared++;
    const ra = a.result!;
    const rb = b.result!;
    const delta = round(rb.points - ra.points);
    const contribution = round(rb.finalScoreContribution - ra.finalScoreContribution);
    t.contributionUnits += Math.round(contribution * 10_000);
    t.contributionMin = Math.min(t.contributionMin, contribution);
    t.contributionMax = Math.max(t.contributionMax, contribution);
    if (delta === 0 && ra.categoryWeight === rb.categoryWeight) {
      t.unchanged++;
      return;
    }
    if (delta > 0) t.up++;
    else if (delta < 0) t.down++;
    else t.weightOnly++;
    if (delta !== 0) t.histogram.set(delta, (t.histogram.get(delta) ?? 0) + 1);
    for (const c of explainChange(a, b)) tally(t, c, delta, false);
  }

  report(options: { topCauses?: number } = {}): ImpactReport {
    return impactReport(this.from, this.to, this.tally, options);
  }
}

function bump(map: Map<string, { from: number; to: number }>, key: string, side: 'from' | 'to'): void {
  const entry = map.get(key) ?? { from: 0, to: 0 };
  entry[side]++;
  map.set(key, entry);
}

function tally(t: ImpactTally, c: { key: string; kind: CauseKind; subject: string; summary: string }, delta: number, refusal: boolean): void {
  let cause = t.causes.get(c.key);
  if (!cause) {
    cause = { key: c.key, kind: c.kind, subject: c.subject, summary: c.summary, submissions: 0, up: 0, down: 0, refusals: 0 };
    t.causes.set(c.key, cause);
  }
  cause.submissions++;
  if (refusal) cause.refusals++;
  else if (delta > 0) cause.up++;
  else if (delta < 0) cause.down++;
}

/** The report of a tally: everything sorted, so it depends on the counts only, not on their order. */
export function impactReport(from: ImpactSide, to: ImpactSide, t: ImpactTally, options: { topCauses?: number } = {}): ImpactReport {
  const byCount = <T extends { from: number; to: number }>(m: Map<string, T>) =>
    [...m].sort(([ka, a], [kb, b]) => b.from + b.to - (a.from + a.to) || (ka < kb ? -1 : 1));
  const contributionTotal = t.contributionUnits / 10_000;
  return {
    format: 'mips-ia.impact.v1',
    from: { year: from.year, label: from.label },
    to: { year: to.year, label: to.label },
    total: t.total,
    invalid: t.invalid,
    missing: { from: t.missingFrom, to: t.missingTo, activities: byCount(t.missingIds).map(([id, c]) => ({ id, ...c })) },
    refused: { fromOnly: t.refusedFromOnly, toOnly: t.refusedToOnly, both: t.refusedBoth, codes: byCount(t.refusedCodes).map(([code, c]) => ({ code, ...c })) },
    compared: t.compared,
    unchanged: t.unchanged,
    changed: t.up + t.down + t.weightOnly,
    up: t.up,
    down: t.down,
    weightOnly: t.weightOnly,
    histogram: [...t.histogram].sort(([a], [b]) => a - b).map(([delta, count]) => ({ delta, count })),
    contribution: {
      totalDelta: round(contributionTotal),
      meanDelta: t.compared ? round(contributionTotal / t.compared) : 0,
      minDelta: t.contributionMin,
      maxDelta: t.contributionMax,
    },
    causes: [...t.causes.values()]
      .sort((a, b) => b.submissions - a.submissions || (a.key < b.key ? -1 : 1))
      .slice(0, options.topCauses ?? Infinity)
      .map((c) => ({ ...c })),
  };
}

/** Runs a whole corpus (any iterable of submissions or JSON lines) and reports. */
export async function impact(from: ImpactSide, to: ImpactSide, corpus: Iterable<unknown> | AsyncIterable<unknown>, options: { topCauses?: number } = {}): Promise<ImpactReport> {
  const run = new ImpactRun(from, to);
  for await (const item of corpus) {
    if (typeof item === 'string' && item.trim() === '') continue;
    const added = run.add(item);
    if (added) await added;
  }
  return run.report(options);
}
