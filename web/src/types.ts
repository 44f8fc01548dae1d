// The shapes of the /v1 answers the page reads. Where the engine defines an answer, its type is
// the engine's own (type-only imports: erased from the bundle), so the two cannot drift.
import type { Activity as EngineActivity, Rule as EngineRule, Suspension } from '../../engine/index.js';
export type { Suspension, Weight, ScoreResult, ActivityResult as ResultActivity, RuleExplanation as FiredRule, ActivityHistory, HistoryEvent, PackDiff, FieldChange, ActivitySummary, ParameterChange, RuleChange, Comparison, CompareRow as ComparisonRow, Cause, QppScore, QppPart, ImpactReport } from '../../engine/index.js';


export interface YearSummary {
  year: number;
  extends: number | null;
  title: string;
  hash: string;
  activities: number;
  suspended: number;
}

export interface Parameter {
  name: string;
  value: unknown;
  /** points, percent, share, clinicians, sites, days, date, finalScorePoints, entityTypes. */
  unit: string;
  /** Context only: no rule reads it. */
  informational?: true;
  year: number;
  reference?: string;
  note?: string;
  inferred?: boolean;
}

export interface Rule {
  name: string;
  year: number;
  description: string;
  reference?: string;
  note?: string;
  inferred?: boolean;
  priority?: number;
  conditions: EngineRule['conditions'];
  event: EngineRule['event'];
}

export interface Mvp {
  id: string;
  title: string;
  clinicalTopic?: string;
  activities: string[];
}


export interface YearDetail {
  year: number;
  extends: number | null;
  title: string;
  hash: string;
  file: string;
  activities: number;
  sources: Record<string, { citation: string; title?: string }>;
  subcategories: Record<string, string>;
  parameters: Parameter[];
  rules: Rule[];
  mvps: Mvp[];
  suspended: Suspension[];
}

/** An activity as GET /v1/years/{year}/activities answers it: the engine's fields and its state that year. */
export type Activity = EngineActivity & {
  year: number;
  attestable: boolean;
  suspension?: Omit<Suspension, 'id'>;
};

export interface ActivityList {
  year: number;
  count: number;
  activities: Activity[];
}



















export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; code: string; message: string; line?: number; col?: number; file?: string }[];
  requestId?: string;
}
