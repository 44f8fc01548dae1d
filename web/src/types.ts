// The shapes of the /v1 answers the page reads (a subset of schemas/*.json).

export type Weight = 'medium' | 'high' | null;

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
  event: { type: string; params?: Record<string, unknown> };
}

export interface Mvp {
  id: string;
  title: string;
  clinicalTopic?: string;
  activities: string[];
}

export interface Suspension {
  id: string;
  date?: string;
  creditable: boolean;
  reference: string;
  note?: string;
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

export interface Activity {
  year: number;
  id: string;
  title: string;
  subcategory: string | null;
  weight: Weight;
  description?: string;
  cehrtEligible?: boolean | null;
  allowedPrograms?: string[] | null;
  minDays?: number | null;
  onceEveryYears?: number | null;
  mvpOnly?: boolean | null;
  pcmhAttestation?: boolean;
  renumberedFrom?: string;
  ruleReference?: string;
  attestable: boolean;
  suspension?: { date?: string; creditable: boolean; reference: string; note?: string };
}

export interface ActivityList {
  year: number;
  count: number;
  activities: Activity[];
}

export interface HistoryEvent {
  year: number;
  type: 'added' | 'removed' | 'renumbered' | 'weightChanged' | 'titleChanged' | 'subcategoryChanged' | 'modified' | 'suspended';
  id: string;
  from?: unknown;
  to?: unknown;
  fields?: string[];
  creditable?: boolean;
  date?: string;
  reference?: string;
  note?: string;
}

export interface ActivityHistory {
  id: string;
  ids: string[];
  years: { year: number; id: string; title: string; weight: Weight; subcategory: string | null; attestable: boolean; suspended?: boolean }[];
  events: HistoryEvent[];
}

export interface ActivitySummary {
  id: string;
  title: string;
  weight: string | null;
  subcategory: string | null;
  subcategoryTitle?: string;
  suspendedInFrom?: boolean;
}

export interface FieldChange {
  field: string;
  group: 'weight' | 'title' | 'subcategory' | 'description' | 'flags' | 'programs' | 'rules';
  from: unknown;
  to: unknown;
  added?: string[];
  removed?: string[];
}

export interface ParamSide {
  value: unknown;
  year: number;
  reference?: string;
  note?: string;
  inferred?: boolean;
}

export interface RuleSide {
  year: number;
  description?: string;
  reference?: string;
  note?: string;
  inferred?: boolean;
}

export interface SuspensionSide {
  creditable: boolean;
  date?: string;
  reference: string;
  note?: string;
}

export interface MvpChange {
  id: string;
  title: string;
  fromTitle?: string;
  clinicalTopic?: string;
  activities?: number;
  activitiesAdded?: string[];
  activitiesRemoved?: string[];
}

export interface PackDiff {
  from: { year: number; title: string; file: string; hash: string };
  to: { year: number; title: string; file: string; hash: string };
  activities: {
    added: ActivitySummary[];
    removed: ActivitySummary[];
    renamed: { from: string; to: string; title: string; via: string[]; changes: FieldChange[] }[];
    modified: { id: string; title: string; changes: FieldChange[] }[];
  };
  suspensions: Record<'added' | 'lifted' | 'changed', { id: string; title: string; from: SuspensionSide | null; to: SuspensionSide | null }[]>;
  parameters: Record<'added' | 'removed' | 'changed' | 'restated', { name: string; from: ParamSide | null; to: ParamSide | null }[]>;
  rules: Record<'added' | 'removed' | 'changed', { name: string; from: RuleSide | null; to: RuleSide | null; parts?: string[] }[]>;
  mvps: Record<'added' | 'removed' | 'retitled' | 'activitiesChanged', MvpChange[]>;
  subcategories: { added: { id: string; title: string }[]; removed: { id: string; title: string }[]; retitled: { id: string; from: string; to: string }[] };
  counts: Record<string, number>;
}

export interface ResultActivity {
  id: string;
  title: string;
  weight: Weight;
  points: number;
  counted: boolean;
  reason?: string;
}

export interface FiredRule {
  name: string;
  description: string;
  effect: string;
  reference?: string;
  note?: string;
  year: number;
  parameters?: string[];
}

export interface ScoreResult {
  performanceYear: number;
  entityType: string;
  reportingOption: string;
  points: number;
  rawPoints: number;
  maxPoints: number;
  categoryScore: number;
  categoryWeight: number;
  finalScoreContribution: number;
  basis: string[];
  specialStatus: { applied: boolean; statuses: Record<string, { value: boolean; source: string; how?: string }> };
  categoryWeights: { table: string; row: string; quality: number; cost: number; ia: number; pi: number };
  activities: ResultActivity[];
  rules: FiredRule[];
  warnings: string[];
}

export interface Cause {
  key: string;
  kind: string;
  subject: string;
  summary: string;
  detail: string;
}

export interface ComparisonRow {
  year: number;
  status: 'scored' | 'rejected' | 'invalid';
  leftOut: { id: string; reason: string; message: string }[];
  points?: number;
  categoryScore?: number;
  categoryWeight?: number;
  finalScoreContribution?: number;
  error?: { code: string; message: string };
  delta?: { points: number; categoryScore: number; categoryWeight: number; finalScoreContribution: number };
  causes: Cause[];
}

export interface Comparison {
  performanceYear: number;
  years: number[];
  rows: ComparisonRow[];
}

export interface QppPart {
  name: string;
  title?: string;
  detail?: string;
  value: number | null;
  parts?: QppPart[];
  original?: QppPart;
  metadata?: Record<string, unknown>;
}

export interface QppScore {
  data: { score: QppPart & { metadata: { format: string; pack: { year: number }; warnings: string[] } } };
}

export interface ImpactReport {
  format: string;
  from: { year: number; label: string };
  to: { year: number; label: string };
  total: number;
  invalid: number;
  missing: { from: number; to: number; activities: { id: string; from: number; to: number }[] };
  refused: { fromOnly: number; toOnly: number; both: number; codes: { code: string; from: number; to: number }[] };
  compared: number;
  unchanged: number;
  changed: number;
  up: number;
  down: number;
  weightOnly: number;
  histogram: { delta: number; count: number }[];
  contribution: { totalDelta: number; meanDelta: number; minDelta: number; maxDelta: number };
  causes: { key: string; kind: string; subject: string; summary: string; submissions: number; up: number; down: number; refusals: number }[];
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; code: string; message: string; line?: number; col?: number; file?: string }[];
  requestId?: string;
}
