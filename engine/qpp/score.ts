// Scores a QPP Submissions API submission and answers in the QPP score shape
// (schemas/qpp-score.schema.json; the Submissions API's IA scoring example), so a registry
// that parses QPP's responses can read ours unchanged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackSet } from '../pack/load.js';
import { packageRoot } from '../paths.js';
import { compileYear } from '../score/compiled-year.js';
import { deriveFacts } from '../score/facts.js';
import { param } from '../score/params.js';
import { ScoreError } from '../score/score-error.js';
import { score, type ScoreResult } from '../score/score.js';
import type { YearPack } from '../types.js';
import { checkQppSubmission, qppProblems, toNativeSubmissions, type IaSet } from './submission.js';

export const QPP_PREVIEW_FORMAT = 'mips-ia.qpp-score-preview.v1';

export interface QppPart {
  name: string;
  title?: string;
  detail?: string;
  value: number;
  parts?: QppPart[];
  original?: QppPart;
  metadata?: Record<string, unknown>;
}

/** The total's metadata: which format and pack answered, and the warnings of the conversion. */
export interface QppTotalMetadata {
  format: typeof QPP_PREVIEW_FORMAT;
  pack: { year: number; hash: string };
  warnings: string[];
}

export interface QppScore {
  data: { score: QppPart & { metadata: QppTotalMetadata } };
}

export interface QppScoreOutcome {
  body: QppScore;
  /** The native result of the measurement set picked (for logs and tests). */
  picked: ScoreResult;
}

const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** Scores each ia measurement set and picks the highest, as QPP does. Throws only ScoreError for bad input. */
export async function scoreQpp(packs: PackSet, input: unknown): Promise<QppScoreOutcome> {
  const qpp = checkQppSubmission(input);
  const { sets, warnings } = toNativeSubmissions(qpp);
  const scored: { ia: IaSet; result: ScoreResult }[] = [];
  for (const ia of sets) {
    try {
      scored.push({ ia, result: await score(packs, ia.submission) });
    } catch (e) {
      if (!(e instanceof ScoreError)) throw e;
      throw new ScoreError(e.code, e.message, qppProblems(ia, e.errors));
    }
  }
  const best = scored.reduce((a, b) => (b.result.finalScoreContribution > a.result.finalScoreContribution
    || (b.result.finalScoreContribution === a.result.finalScoreContribution && b.result.points > a.result.points) ? b : a));
  const pack = packs.get(best.result.performanceYear)!;
  const setParts = await Promise.all(scored.map(({ ia, result }) => setPart(pack, ia, result, ia === best.ia)));
  const picked = best.result;
  const methodOf = (ia: IaSet) => ia.set.submissionMethod ?? `measurementSets[${ia.index}]`;
  const ia: QppPart = {
    name: 'ia',
    title: 'IA component of final score',
    detail: `Scoring based on weight of ${picked.categoryWeight}%.`,
    value: picked.finalScoreContribution,
    original: {
      name: 'ia',
      value: picked.points,
      detail: `Picked the highest scoring measurement set ${methodOf(best.ia)}`,
      parts: setParts,
    },
    metadata: { maxContribution: picked.categoryWeight },
  };
  return {
    picked,
    body: {
      data: {
        score: {
          name: 'total',
          title: 'Total Score',
          detail: `mips-ia-rules ${version}`,
          value: picked.finalScoreContribution,
          parts: [ia],
          metadata: { format: QPP_PREVIEW_FORMAT, pack: picked.pack, warnings },
        },
      },
    },
  };
}

/** One measurement set: its category points, and each measurement as a part. */
async function setPart(pack: YearPack, ia: IaSet, result: ScoreResult, picked: boolean): Promise<QppPart> {
  const table = await pointsTable(pack, ia);
  const maxPoints = result.maxPoints;
  const byId = new Map(result.activities.map((a) => [a.id, a]));
  const seen = new Set<string>();
  const parts = (ia.set.measurements ?? []).map((m): QppPart => {
    const activity = pack.inventory.get(m.measureId);
    const possible = activity === undefined ? 0 : activity.pcmhAttestation ? maxPoints : (table[activity.weight ?? 'unweighted'] ?? 0);
    const base = { name: m.measureId, title: activity?.title ?? m.measureId };
    const weight = activity?.weight ?? null;
    if (m.value !== true) {
      return { ...base, detail: 'not attested (value false)', value: 0, metadata: { maxContribution: possible, attested: false, counted: false, weight } };
    }
    const scoredActivity = byId.get(m.measureId)!;
    if (seen.has(m.measureId)) {
      return { ...base, detail: 'listed more than once; each activity counts once a year', value: 0, metadata: { maxContribution: possible, attested: true, counted: false, weight } };
    }
    seen.add(m.measureId);
    // The PCMH attestation earns the category's full credit through the pcmh rule, not activity points.
    const value = activity?.pcmhAttestation && result.basis.includes('pcmh') ? maxPoints : scoredActivity.points;
    const detail = activity?.pcmhAttestation && value > 0 ? 'PCMH attestation: full credit' : scoredActivity.reason;
    return {
      ...base,
      ...(detail ? { detail } : {}),
      value,
      metadata: { maxContribution: possible, attested: true, counted: scoredActivity.counted, weight },
    };
  });
  return {
    name: 'ia',
    value: result.points,
    title: 'Improvement Activities Score',
    detail: ia.set.submissionMethod ?? `measurementSets[${ia.index}]`,
    parts,
    metadata: {
      messages: result.warnings.length > 0 ? { warnings: result.warnings } : {},
      maxContribution: maxPoints,
      measurementSetPicked: picked,
      measurementSetIndex: ia.index,
      programName: ia.set.programName ?? 'mips',
      reportingOption: result.reportingOption,
      ...(result.mvpId !== undefined ? { mvpId: result.mvpId } : {}),
      categoryScore: result.categoryScore,
      basis: result.basis,
    },
  };
}

/** The points per weight that apply to this set's submission (what each activity could earn). */
async function pointsTable(pack: YearPack, ia: IaSet): Promise<Record<string, number>> {
  const year = compileYear(pack);
  const { facts } = deriveFacts(ia.submission, pack, year.pcmhAttestationIds);
  const decision = year.decider.cached(facts) ?? (await year.decider.decide(facts));
  return param(pack, decision.pointsTable!.event.params.table!).value as Record<string, number>;
}
