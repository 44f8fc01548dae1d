import type { PackSet } from '../pack/load.js';
import type { YearPack } from '../types.js';
import { scoreActivities, type ActivityResult } from './activities.js';
import { compileYear } from './compiled-year.js';
import type { Decision } from '../rules/decision.js';
import { refusal } from '../rules/events/reject.js';
import { explainRules, type RuleExplanation } from './explain.js';
import { deriveFacts, type DerivedFacts, type StatusFinding, type StatusName } from '../rules/facts.js';
import { packOf, ScoreError } from './score-error.js';
import { checkSubmission, type Submission } from './submission.js';
import { weightsFor, type CategoryWeights } from './weights.js';

export const RESULT_FORMAT = 'mips-ia.result.v1';

/** The scored submission (schemas/result.schema.json). */
export interface ScoreResult {
  format: typeof RESULT_FORMAT;
  performanceYear: number;
  pack: { year: number; hash: string };
  entityType: string;
  reportingOption: string;
  mvpId?: string;
  points: number;
  rawPoints: number;
  maxPoints: number;
  categoryScore: number;
  categoryWeight: number;
  finalScoreContribution: number;
  /** What gave the points: activities, pcmh, apmScoringStandard, app, apmCredit, study. */
  basis: string[];
  specialStatus: { applied: boolean; statuses: Record<StatusName, StatusFinding> };
  categoryWeights: CategoryWeights;
  activities: ActivityResult[];
  /** Shared by results of the same decision: frozen. */
  rules: readonly RuleExplanation[];
  cehrtBonus?: { percent: number; activities: string[] };
  warnings: string[];
}

export interface ScoreOptions {
  /** Leave out the rule explanations (faster for bulk scoring). Default true. */
  explain?: boolean;
}

/**
 * Scores one submission against the pack of its year. Rejects only with ScoreError for bad
 * input. A decision seen before costs a lookup, and the result is built at once; the
 * json-rules-engine run (async) happens only on a cache miss.
 */
export function score(packs: PackSet, input: unknown, options: ScoreOptions = {}): Promise<ScoreResult> {
  try {
    const sub = checkSubmission(input);
    const pack = packOf(packs, sub.performanceYear);
    const explain = options.explain ?? true;
    const decided = decide(pack, sub);
    if (!(decided instanceof Promise)) return Promise.resolve(assemble(packs, pack, sub, decided.derived, decided.decision, explain));
    return decided.then((d) => assemble(packs, pack, sub, d.derived, d.decision, explain));
  } catch (e) {
    return Promise.reject(e);
  }
}

export interface Decided {
  derived: DerivedFacts;
  decision: Decision;
}

/**
 * A checked submission's facts under a pack, and their decision: a lookup when the combination
 * was seen before (at once), else json-rules-engine's run (a promise).
 */
export function decide(pack: YearPack, sub: Submission): Decided | Promise<Decided> {
  const year = compileYear(pack);
  const derived = deriveFacts(sub, year.facts);
  const decision = year.decider.cached(derived.facts);
  if (decision) return { derived, decision };
  return year.decider.decide(derived.facts).then((d) => ({ derived, decision: d }));
}

/**
 * The result of a checked submission whose facts were derived and decided for its pack (decide;
 * for callers that need the facts and the decision too, as a comparison does). Throws
 * ScoreError for a refusal.
 */
export function assemble(packs: PackSet, pack: YearPack, sub: Submission, derived: DerivedFacts, decision: Decision, explain: boolean): ScoreResult {
  if (decision.rejections.length > 0) throw refusal(decision.rejections);
  if (sub.reportingOption === 'mvp' && !pack.mvps.has(sub.mvpId!)) {
    throw new ScoreError('UNKNOWN_MVP', `no MVP ${sub.mvpId} in ${pack.year}`, [
      { path: 'mvpId', code: 'UNKNOWN_MVP', message: `must be one of ${[...pack.mvps.keys()].join(', ')}` },
    ]);
  }
  const selected = weightsFor(pack, decision, sub);
  if ('error' in selected) throw selected.error;
  const { weights } = selected;
  const year = compileYear(pack);

  const { results: activities, warnings: activityWarnings } = scoreActivities({
    pack, year, facts: derived.facts, decision, sub, pointsTable: decision.points, packs,
  });
  let activityPoints = 0;
  for (const a of activities) activityPoints += a.points;
  let rawPoints = activityPoints;
  for (const c of decision.credits) rawPoints += c.points;
  const points = Math.min(year.maxPoints, rawPoints);
  const categoryScore = round((points / year.maxPoints) * 100);

  const basis: string[] = [];
  for (const c of decision.credits) if (c.points > 0 && !basis.includes(c.rule.event.params.basis!)) basis.push(c.rule.event.params.basis!);
  if (activityPoints > 0) basis.push('activities');
  const warnings = derived.warnings.length + activityWarnings.length + decision.warnings.length === 0 ? [] : [...derived.warnings, ...activityWarnings, ...decision.warnings];
  if (derived.facts.specialStatus && decision.pointsTable.event.params.table !== 'points.specialStatus') {
    warnings.push(`special status does not change the points here: ${decision.pointsTable.name} applies`);
  }

  const result: ScoreResult = {
    format: RESULT_FORMAT,
    performanceYear: pack.year,
    pack: year.pack,
    entityType: derived.facts.entityType,
    reportingOption: derived.facts.reportingOption,
    points,
    rawPoints,
    maxPoints: year.maxPoints,
    categoryScore,
    categoryWeight: weights.ia,
    finalScoreContribution: round((categoryScore / 100) * weights.ia),
    basis,
    specialStatus: { applied: derived.facts.specialStatus, statuses: derived.statuses },
    categoryWeights: weights,
    activities,
    rules: explain ? explainRules(pack, decision, weights) : NO_RULES,
    warnings,
  };
  if (sub.mvpId !== undefined) result.mvpId = sub.mvpId;
  if (year.cehrtBonusPercent > 0) {
    const eligible = activities.filter((a) => a.counted && pack.activities.get(a.id)!.cehrtEligible).map((a) => a.id);
    if (eligible.length > 0) result.cehrtBonus = { percent: year.cehrtBonusPercent, activities: eligible };
  }
  return result;
}

/** The rules of a result without explanations: shared, as explanations are. */
const NO_RULES: readonly RuleExplanation[] = Object.freeze([]);

/** Four decimals: enough for any score, and no floating-point noise in the output. */
function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
