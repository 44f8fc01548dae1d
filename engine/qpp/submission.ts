// A QPP Submissions API submission (schemas/qpp-submission.schema.json) as CMS documents and
// sends it, read into native submissions: one per measurement set of category ia, with a map back
// to the QPP paths for errors. Nulls stand for absent optional fields; the GET-shaped wrapper
// { data: { submission } } is taken off; periods are checked as the Submissions API requires them.
import { ScoreError, type InputProblem } from '../score/score-error.js';
import { inputChecker, type ActivityClaim, type Submission } from '../score/submission.js';

export interface QppMeasurement {
  measureId: string;
  value: boolean;
  id?: string | null;
  performanceStart?: string | null;
  performanceEnd?: string | null;
}

export interface QppMeasurementSet {
  category: 'ia' | 'quality' | 'pi' | 'aci' | 'cost';
  id?: string | null;
  submissionMethod?: string | null;
  programName?: string | null;
  performanceStart?: string | null;
  performanceEnd?: string | null;
  measurements?: QppMeasurement[];
}

/** What QPP knows from its own records; each field as in the native submission. */
export type QppContext = Pick<Submission, 'mvpId' | 'specialStatus' | 'clinicians' | 'practiceSites' | 'pcmh' | 'apm' | 'cmsStudy' | 'euc' | 'otherCategories'>;

export interface QppSubmission {
  entityType: 'individual' | 'group' | 'virtualGroup' | 'subgroup' | 'apmEntity' | 'apm';
  performanceYear: number;
  taxpayerIdentificationNumber?: string | null;
  nationalProviderIdentifier?: string | null;
  measurementSets: QppMeasurementSet[];
  context?: QppContext;
}

/** One ia measurement set as a native submission. */
export interface IaSet {
  /** Index in measurementSets. */
  index: number;
  set: QppMeasurementSet;
  /** The set's programName as given, mips when absent. */
  programName: string;
  submission: Submission;
  /** activities[i] of the native submission is measurements[activityIndex[i]] of the set. */
  activityIndex: number[];
  /** Where the MVP came from, for errors about it. */
  mvpFrom?: 'programName' | 'context';
}

/** The submission out of its { data: { submission } } wrapper, and the path prefix that names it. */
export interface Unwrapped {
  body: unknown;
  /** '' or 'data.submission.' */
  prefix: string;
}

/** Checks the shape of a QPP submission; the errors name QPP's paths. */
export const checkQppSubmission = inputChecker<QppSubmission>('qpp-submission.schema.json');

const MVP_ID = /^[GM][0-9]{4}$/i;

/**
 * Programs whose IA data QPP does not score this way: CMS ignores an IA section in their
 * submissions (the conversion tool's warning 90, "should not contain an Improvement Activities
 * section. The Improvement Activities data will be ignored"). Primary Care First, and CPC+ before it.
 */
const IA_IGNORED_PROGRAMS: Record<string, string> = { pcf: 'PCF', cpcplus: 'CPC+' };

/** The GET-shaped body CMS documents ({ "data": { "submission": … } }) as the submission itself. */
export function unwrap(input: unknown): Unwrapped {
  if (!isObject(input) || Object.keys(input).length !== 1 || !isObject(input.data)) return { body: input, prefix: '' };
  const data = input.data;
  if (Object.keys(data).length !== 1 || !('submission' in data)) return { body: input, prefix: '' };
  return { body: data.submission, prefix: 'data.submission.' };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** QPP's programName as the native reporting option. */
function reportingOf(name: string, path: string): { reportingOption: Submission['reportingOption']; mvpId?: string } {
  if (/^mips$/i.test(name)) return { reportingOption: 'traditional' };
  if (/^(app1|appPlus)$/i.test(name)) return { reportingOption: 'app' };
  if (MVP_ID.test(name)) return { reportingOption: 'mvp', mvpId: name.toUpperCase() };
  throw new ScoreError('REJECTED', `programName ${name} is not scored here`, [{
    path, code: 'QPP_PROGRAM_UNSUPPORTED',
    message: `${name} is not scored by this service; expected mips (traditional MIPS), app1 or appPlus (APM Performance Pathway), or an MVP ID such as G0053`,
  }]);
}

/** The ia measurement sets as native submissions, and a message for each set left out. */
export function toNativeSubmissions(qpp: QppSubmission): { sets: IaSet[]; warnings: string[] } {
  const warnings: string[] = [];
  const sets: IaSet[] = [];
  qpp.measurementSets.forEach((set, index) => {
    const at = `measurementSets[${index}]`;
    if (set.category !== 'ia') {
      warnings.push(`${at} (category ${set.category}) is ignored: this service scores improvement activities only`);
      return;
    }
    const programName = set.programName ?? 'mips';
    const ignoredProgram = IA_IGNORED_PROGRAMS[programName.toLowerCase()];
    if (ignoredProgram) {
      warnings.push(`${at}: the submission for ${ignoredProgram} should not contain an Improvement Activities measurement set. The Improvement Activities data will be ignored (programName ${programName}; the QPP conversion tool's warning 90)`);
      return;
    }
    let { reportingOption, mvpId } = reportingOf(programName, `${at}.programName`);
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
    const activities = claimsOf(set, at, qpp.performanceYear, activityIndex);
    const { mvpId: _ignored, ...context } = qpp.context ?? {};
    const submission: Submission = {
      performanceYear: qpp.performanceYear,
      entityType: qpp.entityType === 'apm' ? 'apmEntity' : qpp.entityType,
      reportingOption,
      ...(mvpId !== undefined ? { mvpId } : {}),
      ...context,
      activities,
    };
    sets.push({ index, set, programName, submission, activityIndex, mvpFrom });
  });
  return { sets, warnings };
}

/**
 * The attested measurements as activity claims, each over its own period: the measurement's
 * dates where it has them, else the set's. The Submissions API requires the set's
 * performanceStart and performanceEnd ("writable, required"); a period that ends before it
 * starts, or leaves the performance year, is refused rather than scored 0.
 */
function claimsOf(set: QppMeasurementSet, at: string, year: number, activityIndex: number[]): ActivityClaim[] {
  const missing = (['performanceStart', 'performanceEnd'] as const).filter((f) => set[f] == null);
  if (missing.length > 0) {
    throw new ScoreError('INVALID_SUBMISSION', `${at} has no ${missing.join(' and ')}: the Submissions API requires both on every measurement set`, missing.map((f) => ({
      path: `${at}.${f}`, code: 'QPP_PERIOD_MISSING', message: `required (a date, e.g. ${year}-01-01); the set's period is what its activities were performed over`,
    })));
  }
  const problems: InputProblem[] = [];
  const setPeriod = { start: set.performanceStart!, end: set.performanceEnd! };
  checkPeriod(setPeriod, { start: `${at}.performanceStart`, end: `${at}.performanceEnd` }, year, problems);
  const claims: ActivityClaim[] = [];
  (set.measurements ?? []).forEach((m, j) => {
    if (m.value !== true) return;
    const own = `${at}.measurements[${j}]`;
    const period = { start: m.performanceStart ?? setPeriod.start, end: m.performanceEnd ?? setPeriod.end };
    if (m.performanceStart != null || m.performanceEnd != null) {
      checkPeriod(period, {
        start: m.performanceStart != null ? `${own}.performanceStart` : `${at}.performanceStart`,
        end: m.performanceEnd != null ? `${own}.performanceEnd` : `${at}.performanceEnd`,
      }, year, problems);
    }
    activityIndex.push(j);
    claims.push({ id: m.measureId, performanceStart: period.start, performanceEnd: period.end });
  });
  if (problems.length > 0) {
    throw new ScoreError('INVALID_SUBMISSION', `${problems.length} impossible performance period date${problems.length === 1 ? '' : 's'}`, problems);
  }
  return claims;
}

function checkPeriod(period: { start: string; end: string }, paths: { start: string; end: string }, year: number, problems: InputProblem[]): void {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  let outside = false;
  for (const side of ['start', 'end'] as const) {
    const date = period[side];
    if (date < first || date > last) {
      outside = true;
      problems.push({ path: paths[side], code: 'QPP_PERIOD_OUTSIDE_YEAR', message: `${date} is outside performance year ${year} (${first} to ${last})` });
    }
  }
  if (!outside && period.end < period.start) {
    problems.push({ path: paths.end, code: 'QPP_PERIOD_REVERSED', message: `${period.end} is before performanceStart ${period.start}` });
  }
}

/** A native path (activities[2].id, specialStatus.rural) as the QPP submission's path. */
export function qppPath(ia: IaSet, path: string): string {
  const at = `measurementSets[${ia.index}]`;
  const activity = /^activities\[(\d+)\](?:\.(.*))?$/.exec(path);
  if (activity) {
    const j = ia.activityIndex[Number(activity[1])];
    const field = activity[2];
    const own = `${at}.measurements[${j}]`;
    if (field === 'performanceStart' || field === 'performanceEnd') return ia.set.measurements?.[j]?.[field] != null ? `${own}.${field}` : `${at}.${field}`;
    return `${own}${field === 'id' ? '.measureId' : field ? `.${field}` : ''}`;
  }
  if (path === 'reportingOption' || path === 'mvpId') return ia.mvpFrom === 'context' ? 'context.mvpId' : `${at}.programName`;
  if (path === '' || path === 'performanceYear' || path === 'entityType') return path;
  return `context.${path}`;
}

export function qppProblems(ia: IaSet, errors: readonly InputProblem[]): InputProblem[] {
  return errors.map((e) => ({ ...e, path: qppPath(ia, e.path) }));
}
