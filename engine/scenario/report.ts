import type { ScenarioOutcome } from './scenario.js';

// A scenario outcome side by side: every value the scenario expects, by path, next to the
// actual value at the same path, so an analyst sees at once what differs.

export interface SideBySideRow {
  path: string;
  expected: unknown;
  /** The actual value at the path (undefined: absent). */
  actual: unknown;
  ok: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The expected partial values and the actual values at the same paths. */
export function sideBySide(outcome: ScenarioOutcome): SideBySideRow[] {
  const expected = outcome.scenario.expect;
  if ('error' in expected) {
    if (!outcome.error) return [{ path: 'error', expected: expected.error, actual: outcome.actual ? `(no error: a result of ${outcome.actual.points} points)` : undefined, ok: false }];
    return walk(expected.error, outcome.error, 'error');
  }
  if (!outcome.actual) return [{ path: '(result)', expected: '(a result)', actual: outcome.error ? `error ${outcome.error.code}: ${outcome.error.message}` : undefined, ok: false }];
  return walk(expected, outcome.actual, '');
}

function walk(expected: unknown, actual: unknown, path: string): SideBySideRow[] {
  if (isObject(expected)) {
    if (!isObject(actual)) return [{ path: path || '(result)', expected, actual, ok: false }];
    return Object.entries(expected).flatMap(([key, exp]) => {
      const at = path ? `${path}.${key}` : key;
      if (key === 'rulesFired') {
        const fired = Array.isArray(actual.rules) ? (actual.rules as { name: string }[]).map((r) => r.name) : [];
        return [{ path: at, expected: exp, actual: fired, ok: (exp as string[]).every((r) => fired.includes(r)) }];
      }
      if (key === 'warningsInclude') {
        const warnings = Array.isArray(actual.warnings) ? (actual.warnings as string[]) : [];
        return [{ path: at, expected: exp, actual: warnings, ok: (exp as string[]).every((s) => warnings.some((w) => w.includes(s))) }];
      }
      if (key === 'messageIncludes') return [{ path: at, expected: exp, actual: actual.message, ok: String(actual.message).includes(String(exp)) }];
      return walk(exp, actual[key], at);
    });
  }
  if (expected === null) return [{ path, expected, actual, ok: actual === null || actual === undefined }];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path, expected, actual, ok: false }];
    return expected.flatMap((exp, i) => walk(exp, actual[i], `${path}[${i}]`));
  }
  return [{ path, expected, actual, ok: Object.is(expected, actual) }];
}
