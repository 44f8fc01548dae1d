// The score in the shape CMS's Submissions API answers today (schemas/qpp-score.schema.json;
// test/reference/external/qpp-submissions-docs/: scoring-example-output-ia.json, engine 0.75, and
// the tutorial's responses, engine 18.6), field for field, built from the engine's results. Where a
// field's value is not in the examples, README "QPP and QRDA III" says what is emitted and why.
import type { ScoreResult } from '../score/score.js';
import type { IaSet } from './submission.js';

export interface QppPart {
  name: string;
  title?: string;
  detail?: string;
  value?: number;
  parts?: QppPart[];
  original?: QppPart;
  instrumentations?: string[];
  metadata?: Record<string, unknown>;
}

/** The total's metadata: CMS's names; the IA fields and the category maxima. */
export type QppTotalMetadata = {
  messages: Record<string, string>;
  maxTotalScore: number;
  maxHighContributionIA?: number;
  maxMediumContributionIA?: number;
  maxContributionIA?: number;
  maxContributionQuality?: number;
  maxContributionCost?: number;
  maxContributionPI?: number;
  submittedIAProgramNames: string[];
  pickedProgramName?: string;
  iaCategoryScoreUnrounded: number;
  iaCategoryScore: number;
  iaWeightedScore: number;
  hasIAMeasures: boolean;
  givenIAStudyCredit: boolean;
  hasIAWeightStatus?: 'SPECIAL' | 'NORMAL';
  givenAPMParticipationCredit: boolean;
  givenIACreditPCMH: boolean;
  iaReweighted: boolean;
  unroundedScoreValue: number;
};

export interface QppTotal extends QppPart {
  name: 'total';
  value: number;
  parts: QppPart[];
  instrumentations: string[];
  metadata: QppTotalMetadata;
  warnings: string[];
  errors: string[];
}

/** One scored ia measurement set: its native result and the points table that priced it. */
export interface ScoredSet {
  ia: IaSet;
  result: ScoreResult;
  /** Points per weight (medium, high, or unweighted) under the table the rules picked. */
  table: Record<string, number>;
  /** Whether that table is the special-status one. */
  special: boolean;
  /** The year's PCMH attestation IDs (IA_PCMH): full credit through the pcmh rule, not activity points. */
  pcmhIds: ReadonlySet<string>;
}

/** CMS's disclaimer, on every score it answers. */
export const DISCLAIMER = 'Disclaimer: Scoring is subject to change, based on periodic policy updates, eligibility reviews, and technical integration developments.';
const COMPLETE = 'Measurement value of true - scored as normal';
const PICKED = 'Measurement set selected for category score.';
const NOT_PICKED = 'A higher scoring measurement set was selected for category score.';
/** How a points-table key reads in CMS's feedback ("1 additional Medium Weighted Activity"). */
const WEIGHT_WORDS: Record<string, string> = { medium: 'Medium Weighted ', high: 'High Weighted ', unweighted: '' };
const APM_BASES = ['apmCredit', 'apmScoringStandard', 'app'];

/** The total: the IA part (when a set was scored), feedback when short of full credit, bonuses. */
export function cmsTotal(detail: string, scored: readonly ScoredSet[], best: ScoredSet | undefined, warnings: readonly string[]): QppTotal {
  const parts: QppPart[] = [];
  if (best) {
    parts.push(iaPart(scored, best));
    const feedback = feedbackPart(best);
    if (feedback) parts.push(feedback);
  }
  parts.push({ name: 'bonuses', value: 0, parts: [] });
  const value = best?.result.finalScoreContribution ?? 0;
  return {
    name: 'total',
    title: 'Total Score',
    detail,
    value,
    parts,
    instrumentations: [],
    metadata: totalMetadata(scored, best),
    warnings: [DISCLAIMER, ...warnings],
    errors: [],
  };
}

/** The contribution before rounding, as CMS's unroundedScoreValue gives it. */
function unrounded(r: ScoreResult): number {
  return (r.points / r.maxPoints) * r.categoryWeight;
}

function totalMetadata(scored: readonly ScoredSet[], best: ScoredSet | undefined): QppTotalMetadata {
  const r = best?.result;
  const basis = r?.basis ?? [];
  const programNames = [...new Set(scored.map((s) => s.ia.programName))];
  return {
    messages: best ? { pickedProgram: `Picked ${best.ia.programName} score to be submission score.` } : {},
    maxTotalScore: 100,
    ...(best && r ? {
      maxHighContributionIA: best.table.high ?? best.table.unweighted,
      maxMediumContributionIA: best.table.medium ?? best.table.unweighted,
      maxContributionIA: r.categoryWeights.ia,
      maxContributionQuality: r.categoryWeights.quality,
      maxContributionCost: r.categoryWeights.cost,
      maxContributionPI: r.categoryWeights.pi,
    } : {}),
    submittedIAProgramNames: programNames,
    ...(best ? { pickedProgramName: best.ia.programName } : {}),
    iaCategoryScoreUnrounded: r?.points ?? 0,
    iaCategoryScore: r?.points ?? 0,
    iaWeightedScore: r?.finalScoreContribution ?? 0,
    hasIAMeasures: scored.some((s) => (s.ia.set.measurements ?? []).length > 0),
    givenIAStudyCredit: basis.includes('study'),
    ...(best ? { hasIAWeightStatus: best.special ? 'SPECIAL' as const : 'NORMAL' as const } : {}),
    givenAPMParticipationCredit: APM_BASES.some((b) => basis.includes(b)),
    givenIACreditPCMH: basis.includes('pcmh'),
    iaReweighted: r !== undefined && r.categoryWeight === 0,
    unroundedScoreValue: r ? unrounded(r) : 0,
  };
}

function iaPart(scored: readonly ScoredSet[], best: ScoredSet): QppPart {
  const r = best.result;
  return {
    name: 'ia',
    title: 'IA component of total score',
    detail: `Scoring based on weight of ${r.categoryWeight}%.`,
    value: r.finalScoreContribution,
    original: {
      name: 'ia',
      value: r.points,
      detail: `Picked the highest scoring measurement set ${methodOf(best.ia)}`,
      parts: scored.map((s) => setPart(s, s === best)),
      instrumentations: [],
      metadata: { unroundedScoreValue: r.points },
    },
    metadata: { maxContribution: r.categoryWeight, unroundedScoreValue: unrounded(r) },
  };
}

function methodOf(ia: IaSet): string {
  return ia.set.submissionMethod ?? `measurementSets[${ia.index}]`;
}

/** A measurement set: its category points, and each attested activity once (value false is left out, as CMS does). */
function setPart(s: ScoredSet, picked: boolean): QppPart {
  const { ia, result } = s;
  // CMS's maxContribution on an activity: the most one activity can earn under this set's table.
  const perActivity = Math.min(result.maxPoints, Math.max(0, ...Object.values(s.table)));
  const ids = measurementIds(ia);
  const parts = result.activities.map((a): QppPart => {
    const pcmh = s.pcmhIds.has(a.id) && a.counted && result.basis.includes('pcmh');
    const value = pcmh ? result.maxPoints : a.points;
    const messages: Record<string, string> = { complete: COMPLETE };
    if (!a.counted) messages.notCounted = a.reason ?? 'not counted';
    else if (a.reason) messages.note = a.reason;
    return {
      name: a.id,
      title: a.title,
      value,
      instrumentations: [],
      metadata: {
        ...(ids.has(a.id) ? { measurementId: ids.get(a.id) } : {}),
        maxContribution: pcmh ? result.maxPoints : perActivity,
        calculatedScore: value,
        processingStatus: a.counted ? 'PICKED' : 'NOT_PICKED',
        weight: a.weight,
        complete: true,
        messages,
      },
    };
  });
  return {
    name: 'ia',
    value: result.points,
    title: 'Improvement Activities Score',
    detail: methodOf(ia),
    parts,
    metadata: {
      messages: picked ? { picked: PICKED } : { notPicked: NOT_PICKED },
      processingStatus: picked ? 'PICKED' : 'NOT_PICKED',
      maxContribution: result.maxPoints,
      ...(ia.set.id != null ? { measurementSetId: ia.set.id } : {}),
      measurementSetPicked: picked,
      programName: ia.programName,
    },
  };
}

/** Each attested measureId's QPP id, when the registry sent one (first occurrence). */
function measurementIds(ia: IaSet): Map<string, string> {
  const ids = new Map<string, string>();
  for (const m of ia.set.measurements ?? []) if (m.value === true && m.id != null && !ids.has(m.measureId)) ids.set(m.measureId, m.id);
  return ids;
}

/**
 * CMS's feedback when the IA score is short of full credit: per weight of the table, how many
 * more activities of that weight would reach it ("1 additional Medium Weighted Activity").
 * None when IA does not count (reweighted to 0%).
 */
function feedbackPart(best: ScoredSet): QppPart | undefined {
  const r = best.result;
  const missing = r.maxPoints - r.points;
  if (missing <= 0 || r.categoryWeight === 0) return undefined;
  const parts = Object.entries(best.table).filter(([, points]) => points > 0).map(([weight, points]) => {
    const n = Math.ceil(missing / points);
    return {
      name: 'ia-feedback-message',
      detail: `You could achieve full credit for this category by submitting ${n} additional ${WEIGHT_WORDS[weight] ?? `${weight} `}${n === 1 ? 'Activity' : 'Activities'}.`,
    };
  });
  return { name: 'feedback-ia', parts };
}
