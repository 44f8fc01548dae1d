// Validating pack files, as `mips-ia validate` / `mips-ia check` and POST /v1/packs/validate do:
// the schema, the pack's content against its parents, and the check of its rules (a gap, an
// ambiguity, a dead rule; for a draft, the decisions that change). A file that extends a year
// not among those given (a draft) takes its parent from the published packs.
import { formatPackErrors, type PackError } from '../pack/errors.js';
import { validatePacks, type PackResult, type PackSet, type PackText } from '../pack/load.js';
import type { YamlLimits } from '../pack/yaml-limits.js';
import type { CheckReport } from '../rules/check.js';
import { columns, counts, plural } from '../format/text.js';

export interface PackValidation {
  ok: boolean;
  errorCount: number;
  /** What `mips-ia validate` prints. */
  lines: string[];
  packs: {
    file: string;
    year: number | null;
    activities: number | null;
    hash: string | null;
    errorCount: number;
    errors: PackError[];
    check: CheckReport | null;
  }[];
}

/** The year a file is for: its name, else its `year:` line (before it is parsed, to pick parents). */
export function yearOfText(t: PackText): number | undefined {
  const m = /^(\d{4})\.ya?ml$/.exec(t.file.replace(/^.*[\\/]/, '')) ?? /^year:[ \t]*(\d{4})\b/m.exec(t.text);
  return m ? Number(m[1]) : undefined;
}

/**
 * The parents the files need from the published packs: none when every year they extend is
 * among them, else the published years not given (loaded only then).
 */
export function parentsFor(texts: readonly PackText[], published: () => PackSet): PackSet | undefined {
  const given = new Set(texts.map(yearOfText).filter((y) => y !== undefined));
  const extended = texts.map((t) => Number(/^extends:[ \t]*(\d+)/m.exec(t.text)?.[1])).filter((y) => y && !given.has(y));
  if (extended.length === 0) return undefined;
  return new Map([...published()].filter(([y]) => !given.has(y)));
}

/** Validates and checks the files; `published` is asked for only when a file extends a year not given. */
export function validateTexts(texts: readonly PackText[], published: () => PackSet, limits?: YamlLimits): { validation: PackValidation; results: PackResult[] } {
  const results = validatePacks(texts, parentsFor(texts, published), limits, { check: true, changes: true });
  const failed = results.filter((r) => r.errors.length > 0);
  const errorCount = failed.reduce((n, r) => n + r.errorCount, 0);
  const activityCounts = counts(results.map((r) => r.pack?.activities.size ?? 0), 'activities');
  const lines = failed.length > 0
    ? [...failed.flatMap((r) => formatPackErrors(r.errors, r.errorCount)), `${plural(errorCount, 'error')} in ${plural(failed.length, 'pack')}`]
    : columns(results.map((r, i) => [r.file, String(r.pack!.year), activityCounts[i], r.pack!.hash]));
  return {
    results,
    validation: {
      ok: failed.length === 0,
      errorCount,
      lines,
      packs: results.map((r) => ({
        file: r.file,
        year: r.year ?? null,
        activities: r.pack?.activities.size ?? null,
        hash: r.pack?.hash ?? null,
        errorCount: r.errorCount,
        errors: r.errors,
        check: r.check ?? null,
      })),
    },
  };
}
