import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { isFullDate } from '../calendar.js';
import { schemasDir } from '../paths.js';
import { formatPath, type PathSegment } from './errors.js';

export function loadSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(schemasDir, name), 'utf8'));
}

/** Compiles a JSON Schema (2020-12) of schemas/ in Ajv strict mode: the project's one Ajv setup. */
export function compileStrict(schema: object, options: { allErrors: boolean }): ValidateFunction {
  // strictRequired cannot see properties that come through $ref (activity fields), so it stays off.
  // The schemas are ours and a test holds each to the 2020-12 meta-schema, so compiling does not
  // check them against it again: that check compiles the meta-schema first, about 70 ms a thread.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: options.allErrors, verbose: true, validateSchema: false });
  ajv.addFormat('date', { type: 'string', validate: isFullDate });
  // Annotations of the pack schema's parameters (parameter-meta.ts reads them); they validate nothing.
  ajv.addKeyword({ keyword: 'x-unit', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-informational', schemaType: 'boolean' });
  return ajv.compile(schema);
}

/** Compiles a schema of schemas/ once, in Ajv strict mode. */
export function compileSchema(name: string, options: { allErrors: boolean }): ValidateFunction {
  return compileStrict(loadSchema(name), options);
}

/** One schema problem in our terms: a stable code, a path, what was expected. */
export interface SchemaProblem {
  code: string;
  path: PathSegment[];
  /** For an unknown or misnamed key: the key, located itself rather than its parent. */
  key?: string;
  message: string;
}

const CODES: Record<string, string> = {
  required: 'PACK_REQUIRED',
  dependentRequired: 'PACK_REQUIRED',
  additionalProperties: 'PACK_UNKNOWN_KEY',
  unevaluatedProperties: 'PACK_UNKNOWN_KEY',
  'false schema': 'PACK_UNKNOWN_KEY',
  type: 'PACK_TYPE',
  enum: 'PACK_ENUM',
  const: 'PACK_ENUM',
  pattern: 'PACK_PATTERN',
  format: 'PACK_FORMAT',
  minimum: 'PACK_RANGE',
  maximum: 'PACK_RANGE',
  minLength: 'PACK_SIZE',
  maxLength: 'PACK_SIZE',
  minItems: 'PACK_SIZE',
  maxItems: 'PACK_SIZE',
  minProperties: 'PACK_SIZE',
  maxProperties: 'PACK_SIZE',
  not: 'PACK_SHAPE',
};

/** Turns Ajv's errors into one problem each, without the wrappers (if, propertyNames). */
export function schemaProblems(errors: readonly ErrorObject[], root: object, codePrefix = 'PACK'): SchemaProblem[] {
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    const problem = toProblem(e, root);
    problem.code = problem.code.replace(/^PACK/, codePrefix);
    const id = `${problem.code} ${problem.path.join('/')} ${problem.key ?? ''} ${problem.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(problem);
    }
  }
  return out;
}

/** How many problems of one untrusted input are listed; the rest are only counted. */
export const MAX_LISTED_PROBLEMS = 100;

/**
 * An invalid input of more values than this gets its first mistake only: Ajv's allErrors slows
 * quadratically with the mistakes (10,000 mistakes: 0.1-0.4 s on the main thread), and a larger
 * input is beyond every bound of the schemas but the corpus of an impact request.
 */
export const MAX_ALL_ERRORS_VALUES = 5000;

/** One problem of an untrusted input (a submission, a request body): a JSON path, a code, what was expected. */
export interface InputProblem {
  /** JSON path in the input, e.g. activities[2].id. */
  path: string;
  code: string;
  message: string;
}

/** Why an input failed its schema: at most MAX_LISTED_PROBLEMS problems, how many, and `summary` saying so. */
export interface InputFailure {
  errors: InputProblem[];
  count: number;
  summary: string;
}

/**
 * Checks untrusted input against a schema of schemas/, compiled once: undefined when it matches,
 * else every mistake at once (bounded, see MAX_ALL_ERRORS_VALUES and MAX_LISTED_PROBLEMS).
 */
export function compileInputCheck(name: string, codePrefix: string): (input: unknown) => InputFailure | undefined {
  const root = loadSchema(name);
  const first = compileStrict(root, { allErrors: false });
  let all: ValidateFunction | undefined;
  return (input) => {
    if (first(input)) return undefined;
    let validate = first;
    if (!hasMoreValues(input, MAX_ALL_ERRORS_VALUES)) {
      validate = all ??= compileStrict(root, { allErrors: true });
      validate(input);
    }
    const problems = schemaProblems(validate.errors ?? [], root, codePrefix);
    const errors = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => ({
      path: formatPath(p.key === undefined ? p.path : [...p.path, p.key]),
      code: p.code,
      message: p.message,
    }));
    const count = problems.length;
    const summary = validate === first ? 'the first error found; the input is too large to list them all'
      : `${count} ${count === 1 ? 'error' : 'errors'}${count > errors.length ? `, the first ${errors.length} listed` : ''}`;
    return { errors, count, summary };
  };
}

/** Whether a JSON value holds more than `limit` values (itself included); stops counting there. */
function hasMoreValues(value: unknown, limit: number): boolean {
  let left = limit;
  const stack = [value];
  while (stack.length) {
    if (--left < 0) return true;
    const v = stack.pop();
    if (v !== null && typeof v === 'object') for (const child of Object.values(v)) stack.push(child);
  }
  return false;
}

function toProblem(e: ErrorObject, root: object): SchemaProblem {
  const path = pointerToPath(e.instancePath);
  const code = CODES[e.keyword] ?? 'PACK_SHAPE';
  const params = e.params as Record<string, unknown>;
  if (typeof params.propertyName === 'string') {
    return { code: 'PACK_KEY', path, key: params.propertyName, message: `key ${describeMessage(e)}` };
  }
  switch (e.keyword) {
    case 'required':
    case 'dependentRequired': {
      // A missing key is shown at the key that names the object (maxPoints:), not at the object's first line.
      const at = atNamingKey(path);
      if (params.missingProperty === 'reference') return { code: 'PACK_REFERENCE', ...at, message: 'must have a reference or a note saying where the value comes from' };
      return { code, ...at, message: describeMessage(e) };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      const allowed = allowedKeys(e.parentSchema, root);
      return { code, path, key, message: `unknown key '${key}'${allowed.length ? `; expected one of ${allowed.join(', ')}` : ''}` };
    }
    case 'false schema':
      return { code, path: path.slice(0, -1), key: String(path.at(-1)), message: `key '${String(path.at(-1))}' is not allowed here` };
    default:
      return { code, path, message: describeMessage(e) };
  }
}

function atNamingKey(path: PathSegment[]): { path: PathSegment[]; key?: string } {
  const last = path.at(-1);
  return typeof last === 'string' ? { path: path.slice(0, -1), key: last } : { path };
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

/** What a YAML value is, for "found …" (short: long text is cut). */
export function describeValue(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  if (typeof data === 'string') return `the string ${JSON.stringify(data.length > 40 ? `${data.slice(0, 40)}…` : data)}`;
  return String(data);
}

/** What an Ajv error expected, in our words (enum values listed, found values shown). */
export function describeMessage(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  const found = `; found ${describeValue(e.data)}`;
  switch (e.keyword) {
    case 'required':
      return `must have required property '${params.missingProperty}'`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${String(params.allowedValue)}`;
    case 'type': {
      const types = ([] as string[]).concat(params.type as string | string[]);
      return `must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}${found}`;
    }
    case 'format':
      return (params.format === 'date' ? 'must be a date, YYYY-MM-DD' : `must be a ${String(params.format)}`) + found;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words: Record<string, string> = { '>=': 'at least', '<=': 'at most', '>': 'more than', '<': 'less than' };
      return `must be ${words[String(params.comparison)] ?? params.comparison} ${String(params.limit)}${found}`;
    }
    case 'pattern':
      return `must match the pattern ${String(params.pattern)}${found}`;
    case 'dependentRequired':
      return `must have property '${params.missingProperty}' when '${params.property}' is present`;
    default:
      return e.message ?? e.keyword;
  }
}

/** The keys a schema object names, following a local $ref (unevaluatedProperties). */
function allowedKeys(schema: unknown, root: object): string[] {
  const s = schema as { properties?: Record<string, unknown>; $ref?: string } | undefined;
  const own = Object.entries(s?.properties ?? {}).filter(([, v]) => v !== false).map(([k]) => k);
  if (!s?.$ref?.startsWith('#/')) return own;
  const target = s.$ref.slice(2).split('/').reduce<unknown>((node, seg) => (node as Record<string, unknown>)?.[seg], root);
  return [...own, ...allowedKeys(target, root)];
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((raw) => {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(seg) ? Number(seg) : seg;
  });
}
