// The library API: import { loadPacks, score } from 'mips-ia-rules'.
// Where things live: a year's rules are data in rulepacks/<year>.yaml, read by pack/ (YAML,
// schema, materializing over the parent); each event type is interpreted in rules/events/<type>.ts
// and the facts its conditions read are derived in rules/facts.ts; score/ turns a decision into
// a result; usecases/ holds the steps the CLI and the service share, format/ the text they print.
export { loadPacks, validatePacks, readPackTexts, type PackSet, type PackResult, type PackText } from './pack/load.js';
export { formatPackError, PackValidationError, type PackError } from './pack/errors.js';
export { score, RESULT_FORMAT, type ScoreResult, type ScoreOptions } from './score/score.js';
export { resultJson } from './score/result-json.js';
export type { ActivityResult } from './score/activities.js';
export type { RuleExplanation } from './score/explain.js';
export { packOf, ScoreError, type InputProblem, type ScoreErrorCode } from './score/score-error.js';
export type { Submission, ActivityClaim } from './score/submission.js';
export type * from './types.js';
export { diff, diffPacks, type PackDiff, type FieldChange, type ParameterChange, type RuleChange, type ActivitySummary } from './diff/diff.js';
export { formatDiffText, formatDiffMarkdown } from './diff/format.js';
export { scoreQpp, QPP_EXPLANATION_FORMAT, type QppScore, type QppPart, type QppTotal, type QppScoreOutcome, type QppTotalMetadata, type QppExplanation } from './qpp/score.js';
export { checkQppSubmission, toNativeSubmissions, type QppSubmission, type QppContext } from './qpp/submission.js';
export { activityHistory, type ActivityHistory, type HistoryEvent, type YearState } from './history.js';
export { compare, type Comparison, type CompareRow } from './compare/compare.js';
export { explainChange, type Cause, type CauseKind } from './compare/causes.js';
export { evaluate, forYear, type Evaluation, type LeftOut } from './compare/evaluate.js';
export { impact, ImpactRun, type ImpactReport, type ImpactSide, type CauseTally } from './impact/impact.js';
