import type { PackSet } from '../pack/load.js';
import type { YearPack } from '../types.js';
import { scoreActivities, type ActivityResult } from './activities.js';
import { compileYear, yearsIndex } from './compiled-year.js';
import type { Decision } from './decide.js';
import { explainRules, type CreditPoints, type RuleExplanation } from './explain.js';
import { deriveFacts, type StatusFinding, type StatusName } from './facts.js';
import { param } from './params.js';
import { ScoreError } from './score-error.js';
import { checkSubmission, type Submission } from './submission.js';
import { selectWeights, type CategoryWeights } from './weights.js';

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
  rules: RuleExplanation[];
  cehrtBonus?: { percent: number; activities: string[] };
  warnings: string[];
}

export interface ScoreOptions {
  /** Leave out the rule explanations (faster for bulk scoring). Default true. */
  explain?: boolean;
}

/** Scores one submission against the pack of its year. Throws only ScoreError for bad input. */
export async function score(packs: PackSet, input: unknown, options: ScoreOptions = {}): Promise<ScoreResult> {
  const sub = checkSubmission(input);
  const pack = packs.get(sub.performanceYear);
  if (!pack) {
    const years = [...packs.keys()];
    throw new ScoreError('UNKNOWN_YEAR', `no pack for performance year ${sub.performanceYear}; the years are ${years.join(', ')}`, [
      { path: 'performanceYear', code: 'UNKNOWN_YEAR', message: `must be one of ${years.join(', ')}` },
    ]);
  }
  const year = compileYear(pack);
  const derived = deriveFacts(sub, pack, year.pcmhAttestationIds);
  const decision = year.decider.cached(derived.facts) ?? (await year.decider.decide(derived.facts));
  return assemble(packs, pack, sub, derived, decision, options.explain ?? true);
}

function assemble(packs: PackSet, pack: YearPack, sub: Submission, derived: ReturnType<typeof deriveFacts>, decision: Decision, explain: boolean): ScoreResult {
  if (decision.rejections.length > 0) {
    throw new ScoreError('REJECTED', decision.rejections.map((r) => r.event.params.message).join('; '), decision.rejections.map((r) => ({
      path: r.event.params.code!.startsWith('APP') || r.event.params.code!.startsWith('MVP') ? 'reportingOption' : 'entityType',
      code: r.event.params.code!,
      message: `${r.event.params.message} (${r.name}@${r.year}${r.reference ? `: ${r.reference}` : ''})`,
    })));
  }
  if (sub.reportingOption === 'mvp' && !pack.mvps.has(sub.mvpId!)) {
    throw new ScoreError('UNKNOWN_MVP', `no MVP ${sub.mvpId} in ${pack.year}`, [
      { path: 'mvpId', code: 'UNKNOWN_MVP', message: `must be one of ${[...pack.mvps.keys()].join(', ')}` },
    ]);
  }

  const pointsTable = param(pack, decision.pointsTable!.event.params.table!).value as Record<string, number>;
  const { results: activities, warnings: activityWarnings } = scoreActivities({
    pack, facts: derived.facts, decision, sub, pointsTable, yearsOf: yearsIndex(packs),
  });
  const maxPoints = param(pack, 'maxPoints').value as number;
  const credits: CreditPoints[] = decision.credits.map((rule) => {
    const value = param(pack, rule.event.params.parameter!).value as number | null;
    if (value === null) return { rule, points: 0 };
    return { rule, points: rule.event.type === 'fullCredit' ? (value / 100) * maxPoints : value };
  });
  const activityPoints = activities.reduce((sum, a) => sum + a.points, 0);
  const rawPoints = credits.reduce((sum, c) => sum + c.points, activityPoints);
  const points = Math.min(maxPoints, rawPoints);
  const { weights } = selectWeights(pack, decision, sub);
  const categoryScore = round((points / maxPoints) * 100);

  const basis = [...new Set([
    ...credits.filter((c) => c.points > 0).map((c) => c.rule.event.params.basis!),
    ...(activityPoints > 0 ? ['activities'] : []),
  ])];
  const cehrtPercent = pack.parameters.has('credits.cehrtBonusPercent') ? (param(pack, 'credits.cehrtBonusPercent').value as number) : 0;
  const cehrtActivities = activities.filter((a) => a.counted && pack.activities.get(a.id)!.cehrtEligible).map((a) => a.id);
  const warnings = [...derived.warnings, ...activityWarnings, ...decision.warnings.map((r) => r.event.params.message!)];
  if (derived.facts.specialStatus && decision.pointsTable!.event.params.table !== 'points.specialStatus') {
    warnings.push(`special status does not change the points here: ${decision.pointsTable!.name} applies`);
  }

  return {
    format: 'mips-ia.result.v1',
    performanceYear: pack.year,
    pack: { year: pack.year, hash: pack.hash },
    entityType: derived.facts.entityType,
    reportingOption: derived.facts.reportingOption,
    ...(sub.mvpId !== undefined ? { mvpId: sub.mvpId } : {}),
    points,
    rawPoints,
    maxPoints,
    categoryScore,
    categoryWeight: weights.ia,
    finalScoreContribution: round((categoryScore / 100) * weights.ia),
    basis,
    specialStatus: { applied: derived.facts.specialStatus, statuses: derived.statuses },
    categoryWeights: weights,
    activities,
    rules: explain ? explainRules(pack, decision, credits, weights) : [],
    ...(cehrtPercent > 0 && cehrtActivities.length > 0 ? { cehrtBonus: { percent: cehrtPercent, activities: cehrtActivities } } : {}),
    warnings,
  };
}

/** Four decimals: enough for any score, and no floating-point noise in the output. */
function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
