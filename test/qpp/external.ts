// CMS's own public material (test/reference/external/, origins and licenses in its README) and the
// IA inventories (test/reference/ia-inventory/, CMS's qpp-measures-data), read for the QPP tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../engine/paths.js';

export const EXTERNAL = join(packageRoot, 'test', 'reference', 'external');

/** A file of test/reference/external/, as text. */
export function externalText(path: string): string {
  return readFileSync(join(EXTERNAL, path), 'utf8');
}

/** A JSON file of test/reference/external/. */
export function externalJson(path: string): Record<string, any> {
  return JSON.parse(externalText(path));
}

/** CMS's current IA submission example with its placeholder year filled in. */
export function submissionExample(year: number): Record<string, any> {
  return JSON.parse(externalText('qpp-submissions-docs/submission-example-ia.json')
    .replace('"< performanceYearToBeReported >"', String(year))
    .replaceAll('< performanceYearToBeReported >', String(year)));
}

/** Each activity's weight in a year, from CMS's inventory. */
export function weights(year: number): Map<string, string | null> {
  const list = JSON.parse(readFileSync(join(packageRoot, 'test', 'reference', 'ia-inventory', `${year}.json`), 'utf8')) as { measureId: string; weight?: string | null }[];
  return new Map(list.map((a) => [a.measureId, a.weight ?? null]));
}

/**
 * Points of attested activities by the rules (42 CFR 414.1380(b)(3); RULES.md section 1): medium 10,
 * high 20, doubled with a special status; from 2025, no weights: 20 each, 40 with a special status
 * (RULES.md 2025); capped at 40.
 */
export function weightedPoints(year: number, ids: readonly string[], special = false): number {
  const w = weights(year);
  const each = ids.map((id) => {
    const weight = w.get(id);
    if (weight === undefined) throw new Error(`${id} is not in the ${year} inventory`);
    return (weight === 'high' || weight === null ? 20 : 10) * (special ? 2 : 1);
  });
  return Math.min(40, each.reduce((a, b) => a + b, 0));
}
