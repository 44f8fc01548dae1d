import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { parse, YAMLError } from 'yaml';
import type { PackSet } from '../pack/load.js';
import { ScoreError } from '../score/score-error.js';
import { score, type ScoreResult } from '../score/score.js';

/**
 * A scenario: a submission, the result expected in one or more years, and where the
 * expectation comes from. Analysts write them as YAML under test/scenarios/ (README).
 */
export interface Scenario {
  file: string;
  name: string;
  /** The primary source the expectation is derived from (CFR, Federal Register, CMS document). */
  source: string;
  /** The years it runs in; default the year of its folder (test/scenarios/2020/…). */
  years: number[];
  /** The submission, without performanceYear (each year sets it). */
  input: Record<string, unknown>;
  /** A partial result: every key given must match; or `error` with a code. */
  expect: Record<string, unknown>;
}

export interface ScenarioOutcome {
  scenario: Scenario;
  year: number;
  pass: boolean;
  /** Paths where the result differs: `points: expected 40, got 30`. */
  mismatches: string[];
  actual?: ScoreResult;
  error?: { code: string; message: string };
}

/** Every *.yaml scenario below a folder, in path order; the first file that cannot be read or parsed throws. */
export function loadScenarios(dir: string): Scenario[] {
  const { scenarios, broken } = loadScenarioFiles(dir);
  if (broken.length > 0) throw new Error(`${broken[0].file}: ${broken[0].message}`);
  return scenarios;
}

/** A scenario file that could not be read or parsed: its path and why, with line and column. */
export interface BrokenScenario {
  file: string;
  message: string;
}

/**
 * The scenarios of one file, or of every *.yaml below a folder (in path order). A file that
 * cannot be read or parsed is listed in `broken` and the others still load.
 */
export function loadScenarioFiles(path: string): { scenarios: Scenario[]; broken: BrokenScenario[] } {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) files.push(p);
    }
  };
  const root = statSync(path).isDirectory() ? path : dirname(path);
  if (root === path) walk(path);
  else files.push(path);
  const scenarios: Scenario[] = [];
  const broken: BrokenScenario[] = [];
  for (const file of files) {
    try {
      scenarios.push(parseScenario(file, readFileSync(file, 'utf8'), root));
    } catch (e) {
      broken.push({ file: relative(process.cwd(), file), message: whatIsWrong(e) });
    }
  }
  return { scenarios, broken };
}

/** One line: the YAML parser's message as `line L, column C: what`, else the error's own. */
function whatIsWrong(e: unknown): string {
  if (e instanceof YAMLError && e.linePos) {
    const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return `line ${e.linePos[0].line}, column ${e.linePos[0].col}: ${what}`;
  }
  return (e as Error).message.split('\n')[0];
}

function parseScenario(file: string, text: string, root: string): Scenario {
  const doc = parse(text) as Partial<Scenario> & { years?: number[] | number };
  const where = relative(process.cwd(), file);
  const folderYear = Number(basename(dirname(file)));
  const years = doc.years === undefined ? (Number.isInteger(folderYear) ? [folderYear] : []) : ([] as number[]).concat(doc.years);
  for (const key of ['name', 'source', 'input', 'expect'] as const) {
    if (doc?.[key] === undefined) throw new Error(`scenario needs '${key}'`);
  }
  if (years.length === 0) throw new Error(`scenario needs 'years' outside a year folder of ${root}`);
  return { file: where, name: doc.name!, source: doc.source!, years, input: doc.input!, expect: doc.expect! };
}

export async function runScenario(packs: PackSet, scenario: Scenario, year: number): Promise<ScenarioOutcome> {
  const input = { ...scenario.input, performanceYear: year };
  const expected = scenario.expect;
  try {
    const actual = await score(packs, input);
    const mismatches = 'error' in expected ? [`error: expected ${JSON.stringify(expected.error)}, got a result of ${actual.points} points`] : compare(expected, actual);
    return { scenario, year, pass: mismatches.length === 0, mismatches, actual };
  } catch (e) {
    if (!(e instanceof ScoreError)) throw e;
    const error = { code: e.code, message: e.message, errors: e.errors };
    const mismatches = 'error' in expected ? compare({ error: expected.error }, { error }) : [`expected a result, got error ${e.code}: ${e.message}`];
    return { scenario, year, pass: mismatches.length === 0, mismatches, error };
  }
}

/**
 * Partial match: objects match when every expected key matches; arrays element by
 * element with the same length; `rulesFired` lists rule names that must have fired;
 * strings under `messageIncludes` or `warningsInclude` are substrings; an expected null
 * matches null or an absent key.
 */
function compare(expected: unknown, actual: unknown, path = ''): string[] {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object') return [`${path || '(result)'}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([key, exp]) => {
      const at = path ? `${path}.${key}` : key;
      const act = actual as Record<string, unknown> & ScoreResult;
      if (key === 'rulesFired') return missing(exp as string[], act.rules.map((r) => r.name), at, 'rule');
      if (key === 'warningsInclude') return (exp as string[]).filter((s) => !act.warnings.some((w) => w.includes(s))).map((s) => `${at}: no warning includes "${s}"`);
      if (key === 'messageIncludes') return String(act.message).includes(String(exp)) ? [] : [`${at}: "${act.message}" does not include "${exp}"`];
      return compare(exp, act[key], at);
    });
  }
  // An expected null also matches an absent key: `cehrtBonus: null` pins that there is none.
  if (expected === null && actual === undefined) return [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: expected ${expected.length} items, got ${Array.isArray(actual) ? actual.length : JSON.stringify(actual)}`];
    return expected.flatMap((exp, i) => compare(exp, actual[i], `${path}[${i}]`));
  }
  return Object.is(expected, actual) ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

function missing(wanted: string[], present: string[], path: string, what: string): string[] {
  return wanted.filter((w) => !present.includes(w)).map((w) => `${path}: ${what} ${w} did not fire (fired: ${present.join(', ')})`);
}
