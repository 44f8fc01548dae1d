// A QPP Submissions API submission (schemas/qpp-submission.schema.json) as native submissions:
// one per measurement set of category ia, with a map back to the QPP paths for errors.
import { ScoreError, type InputProblem } from '../score/score-error.js';
import { inputChecker, type Submission } from '../score/submission.js';

export interface QppMeasurement {
  measureId: string;
  value: boolean;
}

export interface QppMeasurementSet {
  category: 'ia' | 'quality' | 'pi' | 'aci';
  submissionMethod?: string;
  programName?: string;
  performanceStart?: string;
  performanceEnd?: string;
  measurements?: QppMeasurement[];
}

/** What QPP knows from its own records; each field as in the native submission. */
export type QppContext = Pick<Submission, 'mvpId' | 'specialStatus' | 'clinicians' | 'practiceSites' | 'pcmh' | 'apm' | 'cmsStudy' | 'euc' | 'otherCategories'>;

export interface QppSubmission {
  entityType: 'individual' | 'group' | 'virtualGroup' | 'subgroup' | 'apmEntity' | 'apm';
  performanceYear: number;
  measurementSets: QppMeasurementSet[];
  context?: QppContext;
}

/** One ia measurement set as a native submission. */
export interface IaSet {
  /** Index in measurementSets. */
  index: number;
  set: QppMeasurementSet;
  submission: Submission;
  /** activities[i] of the native submission is measurements[activityIndex[i]] of the set. */
  activityIndex: number[];
  /** Where the MVP came from, for errors about it. */
  mvpFrom?: 'programName' | 'context';
}

/** Checks the shape of a QPP submission; the errors name QPP's paths. */
export const checkQppSubmission = inputChecker<QppSubmission>('qpp-submission.schema.json');

const MVP_ID = /^[GM][0-9]{4}$/i;

/** QPP's programName as the native reporting option. */
function reportingOf(programName: string | undefined, path: string): { reportingOption: Submission['reportingOption']; mvpId?: string } {
  const name = programName ?? 'mips';
  if (/^mips$/i.test(name)) return { reportingOption: 'traditional' };
  if (/^(app1|appPlus)$/i.test(name)) return { reportingOption: 'app' };
  if (MVP_ID.test(name)) return { reportingOption: 'mvp', mvpId: name.toUpperCase() };
  throw new ScoreError('REJECTED', `programName ${name} is not scored here`, [{
    path, code: 'QPP_PROGRAM_UNSUPPORTED',
    message: `${name} is not scored by this service; expected mips (traditional MIPS), app1 or appPlus (APM Performance Pathway), or an MVP ID such as G0053`,
  }]);
}

/** The ia measurement sets as native submissions, and a warning for each set of another category. */
export function toNativeSubmissions(qpp: QppSubmission): { sets: IaSet[]; warnings: string[] } {
  const warnings: string[] = [];
  const sets: IaSet[] = [];
  qpp.measurementSets.forEach((set, index) => {
    if (set.category !== 'ia') {
      warnings.push(`measurementSets[${index}] (category ${set.category}) is ignored: this service scores improvement activities only`);
      return;
    }
    const at = `measurementSets[${index}]`;
    let { reportingOption, mvpId } = reportingOf(set.programName, `${at}.programName`);
    let mvpFrom: IaSet['mvpFrom'] = mvpId ? 'programName' : undefined;
    const contextMvp = qpp.context?.mvpId;
    if (contextMvp !== undefined) {
      if (reportingOption === 'traditional') {
        ({ reportingOption, mvpId, mvpFrom } = { reportingOption: 'mvp', mvpId: contextMvp, mvpFrom: 'context' });
      } else if (reportingOption === 'mvp' && mvpId !== contextMvp) {
        throw new ScoreError('INVALID_SUBMISSION', 'the MVP of the measurement set and of the context differ', [
          { path: 'context.mvpId', code: 'QPP_MVP_MISMATCH', message: `${contextMvp} differs from ${at}.programName ${mvpId}` },
        ]);
      }
    }
    const activityIndex: number[] = [];
    const activities = (set.measurements ?? []).flatMap((m, j) => {
      if (m.value !== true) return [];
      activityIndex.push(j);
      return [{
        id: m.measureId,
        ...(set.performanceStart !== undefined ? { performanceStart: set.performanceStart } : {}),
        ...(set.performanceEnd !== undefined ? { performanceEnd: set.performanceEnd } : {}),
      }];
    });
    const { mvpId: _ignored, ...context } = qpp.context ?? {};
    const submission: Submission = {
      performanceYear: qpp.performanceYear,
      entityType: qpp.entityType === 'apm' ? 'apmEntity' : qpp.entityType,
      reportingOption,
      ...(mvpId !== undefined ? { mvpId } : {}),
      ...context,
      activities,
    };
    sets.push({ index, set, submission, activityIndex, mvpFrom });
  });
  if (sets.length === 0) {
    throw new ScoreError('INVALID_SUBMISSION', 'no measurement set of category ia: nothing to score', [
      { path: 'measurementSets', code: 'QPP_NO_IA_SET', message: 'must hold a measurement set with category ia (an empty measurements list scores credits alone, e.g. the APM Performance Pathway)' },
    ]);
  }
  return { sets, warnings };
}

/** A native path (activities[2].id, specialStatus.rural) as the QPP submission's path. */
export function qppPath(ia: IaSet, path: string): string {
  const at = `measurementSets[${ia.index}]`;
  const activity = /^activities\[(\d+)\](?:\.(.*))?$/.exec(path);
  if (activity) {
    const j = ia.activityIndex[Number(activity[1])];
    const field = activity[2];
    if (field === 'performanceStart' || field === 'performanceEnd') return `${at}.${field}`;
    return `${at}.measurements[${j}]${field === 'id' ? '.measureId' : field ? `.${field}` : ''}`;
  }
  if (path === 'reportingOption' || path === 'mvpId') return ia.mvpFrom === 'context' ? 'context.mvpId' : `${at}.programName`;
  if (path === '' || path === 'performanceYear' || path === 'entityType') return path;
  return `context.${path}`;
}

export function qppProblems(ia: IaSet, errors: readonly InputProblem[]): InputProblem[] {
  return errors.map((e) => ({ ...e, path: qppPath(ia, e.path) }));
}
