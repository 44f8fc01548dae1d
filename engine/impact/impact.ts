import type { PackSet } from '../pack/load.js';
import { ScoreError } from '../score/score-error.js';
import { checkSubmission, type Submission } from '../score/submission.js';
import { explainChange, type CauseKind } from '../compare/causes.js';
import { evaluate, forYear, splitClaims } from '../compare/evaluate.js';

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

/** Scores submissions under both sides, one at a time, keeping only counts. */
export class ImpactRun {
  private total = 0;
  private invalid = 0;
  private missingFrom = 0;
  private missingTo = 0;
  private readonly missingIds = new Map<string, { from: number; to: number }>();
  private refusedFromOnly = 0;
  private refusedToOnly = 0;
  private refusedBoth = 0;
  private readonly refusedCodes = new Map<string, { from: number; to: number }>();
  private compared = 0;
  private unchanged = 0;
  private up = 0;
  private down = 0;
  private weightOnly = 0;
  private readonly histogram = new Map<number, number>();
  private contributionTotal = 0;
  private contributionMin = 0;
  private contributionMax = 0;
  private readonly causes = new Map<string, CauseTally>();

  constructor(readonly from: ImpactSide, readonly to: ImpactSide) {}

  /** One submission: a parsed value or a JSON line. */
  async add(input: unknown): Promise<void> {
    this.total++;
    let sub: Submission;
    try {
      sub = checkSubmission(typeof input === 'string' ? JSON.parse(input) : input);
    } catch (e) {
      if (e instanceof ScoreError || e instanceof SyntaxError) {
        this.invalid++;
        return;
      }
      throw e;
    }
    const left = (side: ImpactSide) => splitClaims(side.packs.get(side.year)!, forYear(sub, side.year)).leftOut;
    const leftFrom = left(this.from);
    const leftTo = left(this.to);
    if (leftFrom.length > 0 || leftTo.length > 0) {
      if (leftFrom.length > 0) this.missingFrom++;
      if (leftTo.length > 0) this.missingTo++;
      for (const l of leftFrom) this.bump(this.missingIds, l.id, 'from');
      for (const l of leftTo) this.bump(this.missingIds, l.id, 'to');
      return;
    }
    const a = await evaluate(this.from.packs, sub, this.from.year);
    const b = await evaluate(this.to.packs, sub, this.to.year);
    if (a.status !== 'scored' || b.status !== 'scored') {
      if (a.status !== 'scored' && b.status !== 'scored') this.refusedBoth++;
      else if (a.status !== 'scored') this.refusedFromOnly++;
      else this.refusedToOnly++;
      const code = (e: typeof a) => e.error!.errors[0]?.code ?? e.error!.code;
      if (a.status !== 'scored') this.bump(this.refusedCodes, code(a), 'from');
      if (b.status !== 'scored') this.bump(this.refusedCodes, code(b), 'to');
      if (a.status !== b.status) for (const c of explainChange(a, b)) this.tally(c, 0, true);
      return;
    }
    this.compared++;
    const ra = a.result!;
    const rb = b.result!;
    const delta = round(rb.points - ra.points);
    const contribution = round(rb.finalScoreContribution - ra.finalScoreContribution);
    this.contributionTotal += contribution;
    this.contributionMin = Math.min(this.contributionMin, contribution);
    this.contributionMax = Math.max(this.contributionMax, contribution);
    if (delta === 0 && ra.categoryWeight === rb.categoryWeight) {
      this.unchanged++;
      return;
    }
    if (delta > 0) this.up++;
    else if (delta < 0) this.down++;
    else this.weightOnly++;
    if (delta !== 0) this.histogram.set(delta, (this.histogram.get(delta) ?? 0) + 1);
    for (const c of explainChange(a, b)) this.tally(c, delta, false);
  }

  private bump(map: Map<string, { from: number; to: number }>, key: string, side: 'from' | 'to'): void {
    const entry = map.get(key) ?? { from: 0, to: 0 };
    entry[side]++;
    map.set(key, entry);
  }

  private tally(c: { key: string; kind: CauseKind; subject: string; summary: string }, delta: number, refusal: boolean): void {
    let t = this.causes.get(c.key);
    if (!t) {
      t = { key: c.key, kind: c.kind, subject: c.subject, summary: c.summary, submissions: 0, up: 0, down: 0, refusals: 0 };
      this.causes.set(c.key, t);
    }
    t.submissions++;
    if (refusal) t.refusals++;
    else if (delta > 0) t.up++;
    else if (delta < 0) t.down++;
  }

  report(options: { topCauses?: number } = {}): ImpactReport {
    const byCount = <T extends { from: number; to: number }>(m: Map<string, T>) =>
      [...m].sort(([ka, a], [kb, b]) => b.from + b.to - (a.from + a.to) || (ka < kb ? -1 : 1));
    return {
      format: 'mips-ia.impact.v1',
      from: { year: this.from.year, label: this.from.label },
      to: { year: this.to.year, label: this.to.label },
      total: this.total,
      invalid: this.invalid,
      missing: { from: this.missingFrom, to: this.missingTo, activities: byCount(this.missingIds).map(([id, c]) => ({ id, ...c })) },
      refused: { fromOnly: this.refusedFromOnly, toOnly: this.refusedToOnly, both: this.refusedBoth, codes: byCount(this.refusedCodes).map(([code, c]) => ({ code, ...c })) },
      compared: this.compared,
      unchanged: this.unchanged,
      changed: this.up + this.down + this.weightOnly,
      up: this.up,
      down: this.down,
      weightOnly: this.weightOnly,
      histogram: [...this.histogram].sort(([a], [b]) => a - b).map(([delta, count]) => ({ delta, count })),
      contribution: {
        totalDelta: round(this.contributionTotal),
        meanDelta: this.compared ? round(this.contributionTotal / this.compared) : 0,
        minDelta: this.contributionMin,
        maxDelta: this.contributionMax,
      },
      causes: [...this.causes.values()]
        .sort((a, b) => b.submissions - a.submissions || (a.key < b.key ? -1 : 1))
        .slice(0, options.topCauses ?? Infinity)
        .map((t) => ({ ...t })),
    };
  }
}

/** Runs a whole corpus (any iterable of submissions or JSON lines) and reports. */
export async function impact(from: ImpactSide, to: ImpactSide, corpus: Iterable<unknown> | AsyncIterable<unknown>, options: { topCauses?: number } = {}): Promise<ImpactReport> {
  const run = new ImpactRun(from, to);
  for await (const item of corpus) {
    if (typeof item === 'string' && item.trim() === '') continue;
    await run.add(item);
  }
  return run.report(options);
}
