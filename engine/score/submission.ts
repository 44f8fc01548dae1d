import { compileInputCheck } from '../pack/schema.js';
import { ScoreError, type InputProblem } from './score-error.js';

export type CategoryStatus = 'submitted' | 'reweighted' | 'absent';

export interface ActivityClaim {
  id: string;
  performanceStart?: string;
  performanceEnd?: string;
  cliniciansPerforming?: number;
  lastAttestedYear?: number;
}

/** The native submission (schemas/submission.schema.json). */
export interface Submission {
  performanceYear: number;
  entityType?: 'individual' | 'group' | 'virtualGroup' | 'subgroup' | 'apmEntity';
  reportingOption?: 'traditional' | 'mvp' | 'app';
  mvpId?: string;
  specialStatus?: { smallPractice?: boolean; rural?: boolean; hpsa?: boolean; nonPatientFacing?: boolean };
  multispecialty?: boolean;
  clinicians?: { total: number; rural?: number; hpsa?: number; nonPatientFacing?: number };
  practiceSites?: { total: number; pcmhRecognized: number };
  pcmh?: boolean;
  apm?: { participation: 'none' | 'mipsApm' | 'otherApm'; kind?: 'webInterface' | 'other' };
  cmsStudy?: boolean;
  euc?: boolean;
  otherCategories?: { quality?: CategoryStatus; cost?: CategoryStatus; pi?: CategoryStatus };
  activities?: ActivityClaim[];
}

/**
 * A checker of untrusted input against a schema of schemas/, compiled once. It throws ScoreError
 * INVALID_SUBMISSION with every mistake at once and its path (bounded: compileInputCheck).
 */
export function inputChecker<T>(schemaFile: string): (input: unknown) => T {
  const check = compileInputCheck(schemaFile, 'SUBMISSION');
  return (input) => {
    const failure = check(input);
    if (!failure) return input as T;
    const { errors, summary } = failure;
    throw new ScoreError('INVALID_SUBMISSION', `the submission does not match schemas/${schemaFile} (${summary})`, errors);
  };
}

const checkShape = inputChecker<Submission>('submission.schema.json');

/** Counts that are parts of a total: none may exceed it (the schema cannot compare two fields). */
const PARTS = [
  ['clinicians', 'rural', 'rural clinicians'],
  ['clinicians', 'hpsa', 'HPSA clinicians'],
  ['clinicians', 'nonPatientFacing', 'non-patient facing clinicians'],
  ['practiceSites', 'pcmhRecognized', 'recognized PCMH sites'],
] as const;

/** Checks the shape of a native submission, and that no part of a count exceeds its total. */
export function checkSubmission(input: unknown): Submission {
  const sub = checkShape(input);
  let problems: InputProblem[] | undefined;
  for (const [group, part, what] of PARTS) {
    const counts = sub[group] as Record<string, number> | undefined;
    const n = counts?.[part];
    if (n === undefined || n <= counts!.total) continue;
    (problems ??= []).push({ path: `${group}.${part}`, code: 'SUBMISSION_RANGE', message: `${n} ${what}, but ${group}.total is ${counts!.total}` });
  }
  if (problems) throw new ScoreError('INVALID_SUBMISSION', 'a count is larger than its total', problems);
  return sub;
}
