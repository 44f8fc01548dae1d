import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { bundledPacksDir } from '../paths.js';
import { checkPack, type CheckReport } from '../rules/check.js';
import type { PackSource, YearPack } from '../types.js';
import { MAX_LISTED_ERRORS, type PackError, PackValidationError } from './errors.js';
import { materialize } from './materialize.js';
import { compileSchema, loadSchema, schemaProblems } from './schema.js';
import { readSnapshot } from './snapshot.js';
import { validParts, type ValidParts } from './valid-parts.js';
import type { YamlLimits } from './yaml-limits.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/** The materialized packs by year, in year order. */
export type PackSet = ReadonlyMap<number, YearPack>;

export interface PackText {
  file: string;
  text: string;
}

export interface PackResult {
  file: string;
  year?: number;
  pack?: YearPack;
  /** The first MAX_LISTED_ERRORS errors. */
  errors: PackError[];
  /** All of them, counted. */
  errorCount: number;
  /** The check of a pack that materialized (its findings are among the errors too). */
  check?: CheckReport;
}

// Compiled on first use: a start from the validated snapshot never needs it.
let packSchema: { schema: object; validate: ReturnType<typeof compileSchema> } | undefined;
function packSchemaValidator() {
  // Packs are trusted files written by analysts: every error at once (allErrors).
  packSchema ??= { schema: loadSchema('rulepack.schema.json'), validate: compileSchema('rulepack.schema.json', { allErrors: true }) };
  return packSchema;
}

export interface CheckOptions {
  /** Check each valid pack's rules for gaps, ambiguities and dead rules (checkPack); its findings are errors. */
  check?: boolean;
  /** With check, a draft's decisions against its parent's too (the report's changes: what validate shows). */
  changes?: boolean;
}

/**
 * Validates and materializes packs. A pack may extend one of the batch or of `base`
 * (e.g. a draft that extends a published year). Each file gets its own errors, the first
 * MAX_LISTED_ERRORS of them listed. `limits` bound each text (default PACK_LIMITS).
 */
export function validatePacks(texts: readonly PackText[], base?: PackSet, limits?: YamlLimits, options: CheckOptions = {}): PackResult[] {
  const parsed = texts.map(({ file, text }) => parseAndCheckSchema(file, text, limits));
  const byYear = new Map<number, YearPack>(base);
  const seenYears = new Map<number, string>();
  // A parent given in the batch but failed: the child says so rather than "no such pack".
  const yearOf = (p: Parsed) => (p.src ?? p.parts?.src)?.year;
  const givenFile = (year: number) => parsed.find((p) => (yearOf(p) ?? yearOfFile(p.file)) === year)?.file;
  const ordered = [...parsed].sort((a, b) => (yearOf(a) ?? 0) - (yearOf(b) ?? 0));
  for (const r of ordered) {
    // A pack with schema errors gets the content checks of its valid parts (valid-parts.ts) and no pack.
    const { yaml, parts } = r;
    const src = r.src ?? parts?.src;
    if (!src || !yaml) continue;
    if (!parts) r.year = src.year;
    const before = r.errors.length;
    const expected = yearOfFile(r.file) ?? src.year;
    if (expected !== src.year) {
      // Which of the two is wrong is unclear; checking extends against either would only add noise.
      r.errors.push(yaml.error('PACK_YEAR_FILE', ['year'], `year ${src.year} does not match the file name ${basename(r.file)}; expected year: ${expected}, or name the file ${src.year}.yaml`));
      continue;
    }
    const other = seenYears.get(src.year);
    if (other) r.errors.push(yaml.error('PACK_DUPLICATE_YEAR', ['year'], `${other} is also the ${src.year} pack`));
    seenYears.set(src.year, r.file);

    let parent: YearPack | undefined;
    if (src.extends !== undefined) {
      parent = byYear.get(src.extends);
      if (src.extends !== src.year - 1) r.errors.push(yaml.error('PACK_EXTENDS', ['extends'], `must name the previous year, ${src.year - 1}; found ${src.extends}`));
      else if (!parent && givenFile(src.extends) && parts) continue; // its schema errors are listed; the rest waits for its parent
      else if (!parent && givenFile(src.extends)) r.errors.push(yaml.error('PACK_PARENT_INVALID', ['extends'], `extends ${src.extends}, but ${givenFile(src.extends)} has errors; this pack is checked once its parent is valid`));
      else if (!parent) r.errors.push(yaml.error('PACK_EXTENDS', ['extends'], `extends ${src.extends}, but there is no ${src.extends} pack among those loaded`));
    } else if (byYear.size > 0 && [...byYear.keys()].some((y) => y < src.year)) {
      r.errors.push(yaml.error('PACK_EXTENDS', [], `must extend ${src.year - 1}: only the first year is a base pack`, 'year'));
    }
    if (r.errors.length > before) continue;
    // Renumbering may name an activity of any earlier year, not only the parent's.
    const earlierYearOf = (id: string) => {
      let found: number | undefined;
      for (const [y, p] of byYear) if (y < src.year && p.inventory.has(id) && (found === undefined || y > found)) found = y;
      return found;
    };
    const { pack, errors } = materialize(src, yaml, parent, earlierYearOf);
    if (parts) {
      r.errors.push(...errors.filter((e) => !parts.namesLeftOut(e.message)));
      continue;
    }
    r.errors.push(...errors);
    if (pack) {
      r.pack = pack;
      byYear.set(pack.year, pack);
      // A valid pack can still be broken (a gap, an ambiguity, a dead rule): the build, and every
      // validation the CLI and the service run, check it. A parent from base makes it a draft: its changes too, if asked.
      if (options.check) {
        r.check = checkPack(pack, options.changes && parent && base?.get(parent.year) === parent ? parent : undefined);
        r.errors.push(...checkErrors(r.check, yaml, byYear));
      }
    }
  }
  return parsed.map(({ file, year, pack, errors, unlisted, check }) => ({
    // Every error after the parse and the schema is in errors; of those, only the first ones listed.
    file, year, pack, errors: errors.slice(0, MAX_LISTED_ERRORS), errorCount: errors.length + unlisted, ...(check ? { check } : {}),
  }));
}

const CHECK_CODES = { gap: 'PACK_GAP', ambiguity: 'PACK_AMBIGUITY', 'dead-rule': 'PACK_DEAD_RULE' } as const;

/**
 * A check's findings as errors of the file checked: at the rule when this file sets it, else at
 * its `rules` (the message says where the rule is set).
 */
function checkErrors(report: CheckReport, yaml: YamlSource, packs: ReadonlyMap<number, YearPack>): PackError[] {
  return report.findings.map((f) => {
    const own = f.rules.find((r) => r.year === report.year);
    const elsewhere = f.rules.filter((r) => r.year !== report.year).map((r) => `${r.name} is set at ${ruleSite(packs.get(r.year), r.name)}`);
    const message = elsewhere.length > 0 ? `${f.message} (${elsewhere.join('; ')})` : f.message;
    return own ? yaml.error(CHECK_CODES[f.kind], ['rules'], message, own.name) : yaml.error(CHECK_CODES[f.kind], ['rules'], message);
  });
}

/** `rulepacks/2017.yaml:134:3`: where a pack's file sets a rule (the file alone when it cannot be read). */
function ruleSite(pack: YearPack | undefined, name: string): string {
  if (!pack) return 'an earlier year';
  let text: string;
  try {
    text = readFileSync(pack.file, 'utf8');
  } catch {
    return pack.file;
  }
  const at = parseYamlSource(pack.file, text).source?.locate(['rules'], name);
  return at ? `${pack.file}:${at.line}:${at.col}` : pack.file;
}

function yearOfFile(file: string): number | undefined {
  const m = basename(file).match(/^(\d{4})\.ya?ml$/);
  return m ? Number(m[1]) : undefined;
}

interface Parsed extends PackResult {
  /** Errors counted but not in errors (beyond the first MAX_LISTED_ERRORS of the parse or the schema). */
  unlisted: number;
  src?: PackSource;
  yaml?: YamlSource;
  /** For a pack with schema errors: its valid parts, for the content checks. */
  parts?: ValidParts;
}

function parseAndCheckSchema(file: string, text: string, limits?: YamlLimits): Parsed {
  const { source, errors, errorCount } = parseYamlSource(file, text, limits);
  if (!source) return { file, errors, errorCount, unlisted: errorCount - errors.length };
  const { schema, validate } = packSchemaValidator();
  if (!validate(source.data)) {
    // Only the errors listed are located in the file.
    const problems = schemaProblems(validate.errors ?? [], schema);
    const listed = problems.slice(0, MAX_LISTED_ERRORS).map((p) => source.error(p.code, p.path, p.message, p.key));
    return { file, errors: listed, errorCount: problems.length, unlisted: problems.length - listed.length, yaml: source, parts: validParts(source.data, problems) };
  }
  return { file, errors, errorCount, unlisted: 0, src: source.data as PackSource, yaml: source };
}

/** The YAML files of a directory, or the given files; names shown relative to the working directory. */
export function readPackTexts(paths: readonly string[]): PackText[] {
  const files = paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(p, f))
      : [p],
  );
  return files.map((f) => ({ file: displayName(f), text: readFileSync(f, 'utf8') }));
}

function displayName(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith('..') ? resolve(file) : rel;
}

/**
 * Loads every pack of a directory (the bundled ones by default); throws every error at once.
 * Packs the build validated, byte for byte, come from its snapshot (snapshot.ts).
 */
export function loadPacks(dir: string = bundledPacksDir): PackSet {
  const texts = readPackTexts([dir]);
  const validated = readSnapshot(texts);
  if (validated) return validated;
  const results = validatePacks(texts);
  const errors = results.flatMap((r) => r.errors);
  if (errors.length > 0) throw new PackValidationError(errors, new Map(results.filter((r) => r.errorCount > 0).map((r) => [r.file, r.errorCount])));
  return new Map(results.map((r) => [r.pack!.year, r.pack!]).sort(([a], [b]) => (a as number) - (b as number)) as [number, YearPack][]);
}
