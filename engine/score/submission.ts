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

const schema = loadSchema('submission.schema.json');
// Untrusted input: stop at the first error (allErrors is for packs).
const validate = compileSchema('submission.schema.json', { allErrors: false });

/** Checks the shape of a submission; throws ScoreError INVALID_SUBMISSION with each problem's path. */
export function checkSubmission(input: unknown): Submission {
  if (validate(input)) return input as Submission;
  const errors = schemaProblems(validate.errors ?? [], schema, 'SUBMISSION').map((p) => ({
    path: formatPath(p.key === undefined ? p.path : [...p.path, p.key]),
    code: p.code,
    message: p.message,
  }));
  throw new ScoreError('INVALID_SUBMISSION', 'the submission does not match schemas/submission.schema.json', errors);
}
