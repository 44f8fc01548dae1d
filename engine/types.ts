// The shapes of a pack as written (YAML) and as materialized for a year.

export type Weight = 'medium' | 'high' | null;

/** A parameter leaf as written: a value and where it comes from. */
export interface ParamSource {
  value: unknown;
  reference?: string;
  note?: string;
  inferred?: boolean;
}

/** A materialized parameter: its dotted name, the year whose pack set it, and what the schema says of it. */
export interface Parameter extends ParamSource {
  name: string;
  year: number;
  /** points, percent, share, clinicians, sites, days, date, finalScorePoints, entityTypes (the pack schema's x-unit). */
  unit: string;
  /** No rule or check reads it: context only, an edit changes no score (the schema's x-informational). */
  informational?: boolean;
}

export interface Activity {
  id: string;
  title: string;
  subcategory: string | null;
  weight: Weight;
  description?: string;
  cehrtEligible?: boolean | null;
  allowedPrograms?: string[] | null;
  allowedRegistrationTypes?: string[] | null;
  minDays?: number | null;
  minMonths?: number | null;
  onceEveryYears?: number | null;
  mvpOnly?: boolean | null;
  pcmhAttestation?: boolean;
  renumberedFrom?: string;
  ruleReference?: string;
}

export type ActivityChange = Partial<Activity> & { id: string };

export interface Suspension {
  id: string;
  date?: string;
  creditable: boolean;
  reference: string;
  note?: string;
}

export interface Condition {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  fact?: string;
  operator?: string;
  value?: unknown;
}

export type EventType =
  | 'pointsTable' | 'fullCredit' | 'minimumPoints' | 'weightTable'
  | 'reweight' | 'restrictActivities' | 'reject' | 'warn';

export interface RuleEvent {
  type: EventType;
  params: {
    table?: string;
    parameter?: string;
    basis?: string;
    category?: string;
    to?: string;
    code?: string;
    message?: string;
    /** A reject's place in the submission, e.g. `apm.participation`. */
    path?: string;
  };
}

export interface RuleSource {
  description: string;
  reference?: string;
  note?: string;
  inferred?: boolean;
  priority?: number;
  conditions: Condition;
  event: RuleEvent;
}

/** A materialized rule: its name and the year whose pack set it. */
export interface Rule extends RuleSource {
  name: string;
  year: number;
}

export interface MvpSource {
  title: string;
  clinicalTopic?: string;
}

/** A MIPS Value Pathway; its activities are those whose allowedPrograms name it. */
export interface Mvp extends MvpSource {
  id: string;
  activities: string[];
}

export interface Source {
  citation: string;
  title?: string;
}

/** A pack file as written, after schema validation. */
export interface PackSource {
  year: number;
  extends?: number;
  title: string;
  sources: Record<string, Source>;
  subcategories?: Record<string, string | null>;
  mvps?: Record<string, MvpSource | null>;
  parameters?: Record<string, unknown>;
  rules?: Record<string, RuleSource | null>;
  inventory?: {
    activities?: Activity[];
    added?: Activity[];
    removed?: string[];
    modified?: ActivityChange[];
    suspended?: Suspension[];
    allActivities?: Partial<Activity>;
  };
}

/** One year, everything inherited resolved. */
export interface YearPack {
  year: number;
  extends: number | null;
  title: string;
  file: string;
  hash: string;
  /** Sources of this pack and of every pack it extends, by id. */
  sources: Record<string, Source>;
  subcategories: Record<string, string>;
  mvps: Map<string, Mvp>;
  parameters: Map<string, Parameter>;
  rules: Rule[];
  /** Every activity of the year, suspended ones included, in ID order. */
  inventory: Map<string, Activity>;
  /** The attestable inventory (without activities suspended and not creditable), in ID order. */
  activities: Map<string, Activity>;
  /** Activities suspended this year (creditable ones are also in `activities`). */
  suspended: Map<string, Suspension & { activity: Activity }>;
}
