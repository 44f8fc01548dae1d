import { compileSchema, loadSchema, schemaProblems } from '../pack/schema.js';
import { formatPath } from '../pack/errors.js';
import { ScoreError } from './score-error.js';

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
 * A checker of untrusted input against a schema of schemas/, compiled once. It stops at the
 * first error (allErrors is for packs) and throws ScoreError INVALID_SUBMISSION with its path.
 */
export function inputChecker<T>(schemaFile: string): (input: unknown) => T {
  const schema = loadSchema(schemaFile);
  const validate = compileSchema(schemaFile, { allErrors: false });
  return (input) => {
    if (validate(input)) return input as T;
    const errors = schemaProblems(validate.errors ?? [], schema, 'SUBMISSION').map((p) => ({
      path: formatPath(p.key === undefined ? p.path : [...p.path, p.key]),
      code: p.code,
      message: p.message,
    }));
    throw new ScoreError('INVALID_SUBMISSION', `the submission does not match schemas/${schemaFile}`, errors);
  };
}

/** Checks the shape of a native submission. */
export const checkSubmission = inputChecker<Submission>('submission.schema.json');
