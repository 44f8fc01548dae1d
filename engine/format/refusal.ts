// A refusal (a use case's, or scoring's) as the lines the CLI prints: what, then where each
// problem is. The same data the service answers as problem+json.
import type { UseCaseProblem } from '../usecases/use-case-error.js';

function where(p: UseCaseProblem): string {
  const at = p.line !== undefined ? `line ${p.line}${p.col !== undefined ? `, column ${p.col}` : ''}` : '';
  if (!p.path) return at ? ` (${at})` : '';
  return at ? ` ${p.path} (${at})` : ` ${p.path}`;
}

/** The message (after its code, if any), then one indented line per problem; a lone problem that only repeats the message is folded into the first line. */
export function refusalLines(message: string, problems: readonly UseCaseProblem[], code?: string): string[] {
  const [only] = problems;
  if (problems.length === 1 && only.message === message) return [`${only.code}: ${message}${where(only)}`];
  return [code ? `${code}: ${message}` : message, ...problems.map((p) => `  ${where(p).trimStart() || '(document)'}: ${p.code}: ${p.message}`)];
}
