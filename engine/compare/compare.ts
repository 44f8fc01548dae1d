import type { PackSet } from '../pack/load.js';
import { packOf } from '../score/score-error.js';
import { checkSubmission, type Submission } from '../score/submission.js';
import { explainChange, firedRuleNames, type Cause } from './causes.js';
import { evaluate, type Evaluation, type LeftOut } from './evaluate.js';

// One submission under several years: a row per year (points, category score, weight,
// contribution) and, for each change from the row before, its causes.

export interface CompareRow {
  year: number;
  status: Evaluation['status'];
  /** Activities of the submission the year cannot attest: left out of this year's scoring. */
  leftOut: LeftOut[];
  points?: number;
  rawPoints?: number;
  categoryScore?: number;
  categoryWeight?: number;
  finalScoreContribution?: number;
  basis?: string[];
  activities?: { id: string; weight: string | null; points: number; counted: boolean; reason?: string }[];
  rulesFired?: string[];
  error?: Evaluation['error'];
  /** The change from the row before (absent for the first row, or when either row is not scored). */
  delta?: { points: number; categoryScore: number; categoryWeight: number; finalScoreContribution: number };
  /** Why this row differs from the one before; empty when nothing changed. */
  causes: Cause[];
}

export interface Comparison {
  format: 'mips-ia.compare.v1';
  /** The submission's own year (its dates are moved along to each year). */
  performanceYear: number;
  years: number[];
  rows: CompareRow[];
}

/**
 * Scores the same submission under each year (default: every year of the packs), with
 * performanceYear replaced. The submission must be valid in shape (ScoreError INVALID_SUBMISSION
 * otherwise); a year that refuses it is a row with status rejected, not an error.
 */
export async function compare(packs: PackSet, input: unknown, years?: readonly number[]): Promise<Comparison> {
  const list = [...new Set(years ?? [...packs.keys()])].sort((x, y) => x - y);
  list.forEach((y, i) => packOf(packs, y, `years[${i}]`));
  // Without a year of its own, the submission is taken as made for the first year compared.
  const withYear = input !== null && typeof input === 'object' && !Array.isArray(input) && !('performanceYear' in input) && list.length > 0
    ? { ...input, performanceYear: list[0] }
    : input;
  const sub: Submission = checkSubmission(withYear);
  const evaluations: Evaluation[] = [];
  for (const year of list) evaluations.push(await evaluate(packs, sub, year, { explain: true }));
  return {
    format: 'mips-ia.compare.v1',
    performanceYear: sub.performanceYear,
    years: list,
    rows: evaluations.map((e, i) => row(e, i > 0 ? evaluations[i - 1] : undefined)),
  };
}

function row(e: Evaluation, prev: Evaluation | undefined): CompareRow {
  const r = e.result;
  const out = { year: e.year, status: e.status, leftOut: e.leftOut } as CompareRow;
  if (r) {
    Object.assign(out, {
      points: r.points,
      rawPoints: r.rawPoints,
      categoryScore: r.categoryScore,
      categoryWeight: r.categoryWeight,
      finalScoreContribution: r.finalScoreContribution,
      basis: r.basis,
      activities: r.activities.map(({ id, weight, points, counted, reason }) => ({ id, weight, points, counted, ...(reason ? { reason } : {}) })),
      rulesFired: firedRuleNames(e.decision),
    });
    const p = prev?.result;
    if (p) {
      const round = (n: number) => Math.round(n * 10_000) / 10_000;
      out.delta = {
        points: round(r.points - p.points),
        categoryScore: round(r.categoryScore - p.categoryScore),
        categoryWeight: round(r.categoryWeight - p.categoryWeight),
        finalScoreContribution: round(r.finalScoreContribution - p.finalScoreContribution),
      };
    }
  } else {
    out.error = e.error;
  }
  out.causes = prev ? explainChange(prev, e) : [];
  return out;
}
