// Scores a QPP Submissions API submission and answers as CMS's Submissions API does today
// ({ data: { score } }, engine/qpp/cms-score.ts), so a registry that parses QPP's responses can
// read ours unchanged. The engine's own results are there on request (explain), under data.mipsIa.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackSet } from '../pack/load.js';
import { packageRoot } from '../paths.js';
import { compileYear } from '../score/compiled-year.js';
import { packOf, ScoreError } from '../score/score-error.js';
import { assemble, decide, type ScoreResult } from '../score/score.js';
import { checkSubmission } from '../score/submission.js';
import { cmsTotal, type QppTotal, type ScoredSet } from './cms-score.js';
import type { Profiles } from './profiles.js';
import { checkQppSubmission, qppProblems, toNativeSubmissions, unwrap, type IaSet } from './submission.js';

export type { QppPart, QppTotal, QppTotalMetadata } from './cms-score.js';

export const QPP_EXPLANATION_FORMAT = 'mips-ia.qpp-explanation.v1';

/** The engine's own explanation: each ia set's native result, as POST /v1/score answers it. */
export interface QppExplanation {
  format: typeof QPP_EXPLANATION_FORMAT;
  sets: { measurementSetIndex: number; picked: boolean; result: ScoreResult }[];
}

export interface QppScore {
  data: { score: QppTotal; mipsIa?: QppExplanation };
}

export interface QppScoreOptions {
  /** Add data.mipsIa: each set's native result with its rule explanations. Default false. */
  explain?: boolean;
  /** What the service knows of this TIN/NPI (engine/qpp/profiles.ts); the submission's own context wins, field by field. */
  profile?: Pick<Profiles, 'lookup'>;
  /** Notes from before scoring (a QRDA III conversion's), first among the score's warnings. */
  warnings?: readonly string[];
}

export interface QppScoreOutcome {
  body: QppScore;
  /** The native result of the measurement set picked (for logs and tests); none when no ia set was scored. */
  picked?: ScoreResult;
}

const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** Scores each ia measurement set and picks the highest, as QPP does. Throws only ScoreError for bad input, its paths the body's. */
export async function scoreQpp(packs: PackSet, input: unknown, options: QppScoreOptions = {}): Promise<QppScoreOutcome> {
  const { body, prefix } = unwrap(input);
  try {
    return await scoreUnwrapped(packs, body, options);
  } catch (e) {
    if (!(e instanceof ScoreError) || prefix === '') throw e;
    throw new ScoreError(e.code, e.message, e.errors.map((p) => ({ ...p, path: p.path ? `${prefix}${p.path}` : prefix.slice(0, -1) })));
  }
}

async function scoreUnwrapped(packs: PackSet, body: unknown, options: QppScoreOptions): Promise<QppScoreOutcome> {
  const checked = checkQppSubmission(body);
  const profile = options.profile?.lookup(checked.taxpayerIdentificationNumber, checked.nationalProviderIdentifier);
  const qpp = profile ? { ...checked, context: { ...profile, ...checked.context } } : checked;
  const converted = toNativeSubmissions(qpp);
  const warnings = [...(options.warnings ?? []), ...converted.warnings];
  const { sets } = converted;
  packOf(packs, qpp.performanceYear);
  const scored: ScoredSet[] = [];
  for (const ia of sets) scored.push(await scoreSet(packs, ia, options.explain ?? false));
  const best = scored.length === 0 ? undefined : scored.reduce((a, b) => (b.result.finalScoreContribution > a.result.finalScoreContribution
    || (b.result.finalScoreContribution === a.result.finalScoreContribution && b.result.points > a.result.points) ? b : a));
  if (sets.length === 0) warnings.push('no measurement set of category ia was scored: the IA category has no score here');
  // The engine's notes on a set (repeats, suspensions, a status that does not change the points) as CMS's score-level warnings.
  for (const s of scored) for (const w of s.result.warnings) warnings.push(`measurementSets[${s.ia.index}]: ${w}`);
  const score = cmsTotal(`mips-ia-rules ${version}`, scored, best, warnings);
  const data: QppScore['data'] = { score };
  if (options.explain) {
    data.mipsIa = {
      format: QPP_EXPLANATION_FORMAT,
      sets: scored.map((s) => ({ measurementSetIndex: s.ia.index, picked: s === best, result: s.result })),
    };
  }
  return { body: { data }, ...(best ? { picked: best.result } : {}) };
}

/** One ia set scored as POST /v1/score scores it, with the points table its decision chose; errors at the set's QPP paths. */
async function scoreSet(packs: PackSet, ia: IaSet, explain: boolean): Promise<ScoredSet> {
  try {
    const sub = checkSubmission(ia.submission);
    const pack = packOf(packs, sub.performanceYear);
    const { derived, decision } = await decide(pack, sub);
    const result = assemble(packs, pack, sub, derived, decision, explain);
    return { ia, result, table: decision.points, special: decision.pointsTable.event.params.table === 'points.specialStatus', pcmhIds: compileYear(pack).facts.pcmhAttestationIds };
  } catch (e) {
    if (!(e instanceof ScoreError)) throw e;
    throw new ScoreError(e.code, e.message, qppProblems(ia, e.errors));
  }
}
