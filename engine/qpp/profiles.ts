// Profiles: what QPP knows of a TIN (or of one NPI in it) from its own records (special statuses,
// APM participation, the study, EUC…), loaded once from a file, so that a registry holding CMS's
// eligibility data need not send a context with every submission. Each profile's value is the
// submission's `context` (schemas/qpp-submission.schema.json), checked against that schema.
//
// JSON: { "<TIN>": { context fields }, "<TIN>:<NPI>": { context fields } }
// CSV:  a header row tin,npi,<context field paths> (specialStatus.smallPractice, apm.participation,
//       clinicians.total…); an empty cell is an absent field; true/false and whole numbers as such.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { compileStrict, loadSchema } from '../pack/schema.js';
import type { QppContext } from './submission.js';

/** The largest profiles file read (about 100,000 profiles). */
export const MAX_PROFILES_BYTES = 32 * 1024 * 1024;

export class ProfilesError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ProfilesError';
  }
}

export interface Profiles {
  file: string;
  size: number;
  /** The TIN's profile, overlaid field by field with the TIN + NPI profile; undefined when neither exists. */
  lookup(tin: string | null | undefined, npi: string | null | undefined): QppContext | undefined;
}

const TIN = /^[0-9]{9}$/;
const NPI = /^[0-9]{10}$/;

let validateContext: ReturnType<typeof compileStrict> | undefined;
function checkContext(value: unknown): string | undefined {
  // The submission schema's context, with the definitions it refers to.
  const schema = loadSchema('qpp-submission.schema.json') as { properties: { context: object }; $defs: object };
  validateContext ??= compileStrict({ ...schema.properties.context, $defs: schema.$defs }, { allErrors: false });
  if (validateContext(value)) return undefined;
  const e = validateContext.errors![0];
  return `${e.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'the profile'} ${e.message}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})` : ''}`;
}

/** Reads and checks a profiles file (.json or .csv); throws ProfilesError naming the entry or line at fault. */
export function loadProfiles(file: string): Profiles {
  const text = readFileSync(file, 'utf8');
  if (text.length > MAX_PROFILES_BYTES) throw new ProfilesError(file, `larger than ${MAX_PROFILES_BYTES} characters`);
  const entries = /\.csv$/i.test(file) ? fromCsv(file, text) : fromJson(file, text);
  const byKey = new Map<string, QppContext>();
  for (const { key, context, where } of entries) {
    const [tin, npi, extra] = key.split(':');
    if (!TIN.test(tin) || (npi !== undefined && !NPI.test(npi)) || extra !== undefined) {
      throw new ProfilesError(file, `${where}: the key '${key.slice(0, 40)}' is not a TIN (9 digits) or TIN:NPI (9 and 10 digits)`);
    }
    const wrong = checkContext(context);
    if (wrong) throw new ProfilesError(file, `${where}: ${wrong}`);
    if (byKey.has(key)) throw new ProfilesError(file, `${where}: a second profile for ${key}`);
    byKey.set(key, context as QppContext);
  }
  return {
    file,
    size: byKey.size,
    lookup(tin, npi) {
      if (!tin) return undefined;
      const ofTin = byKey.get(tin);
      const ofNpi = npi ? byKey.get(`${tin}:${npi}`) : undefined;
      return ofTin && ofNpi ? { ...ofTin, ...ofNpi } : (ofNpi ?? ofTin);
    },
  };
}

interface Entry {
  key: string;
  context: unknown;
  /** Where in the file, for errors. */
  where: string;
}

function fromJson(file: string, text: string): Entry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ProfilesError(file, `not JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ProfilesError(file, 'expected an object keyed by TIN or TIN:NPI');
  return Object.entries(value).map(([key, context]) => ({ key, context, where: `profile ${key.slice(0, 40)}` }));
}

function fromCsv(file: string, text: string): Entry[] {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw new ProfilesError(file, `not CSV: ${(e as Error).message}`);
  }
  const [header, ...body] = rows;
  if (!header || header[0] !== 'tin' || header[1] !== 'npi') throw new ProfilesError(file, 'line 1: the header must start with tin,npi and name context fields (specialStatus.smallPractice, apm.participation…)');
  return body.map((row, i) => {
    const context: Record<string, unknown> = {};
    header.slice(2).forEach((path, j) => {
      const cell = row[j + 2] ?? '';
      if (cell !== '') setPath(context, path.split('.'), cellValue(cell));
    });
    return { key: row[1] ? `${row[0]}:${row[1]}` : row[0], context, where: `line ${i + 2}` };
  });
}

function cellValue(cell: string): unknown {
  if (cell === 'true') return true;
  if (cell === 'false') return false;
  return /^\d{1,9}$/.test(cell) ? Number(cell) : cell;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let at = target;
  for (const key of path.slice(0, -1)) {
    // A column name is the file's; a reserved key would pollute every object's prototype.
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return;
    at = (at[key] ??= {}) as Record<string, unknown>;
  }
  const last = path.at(-1)!;
  if (last !== '__proto__' && last !== 'constructor' && last !== 'prototype') at[last] = value;
}
