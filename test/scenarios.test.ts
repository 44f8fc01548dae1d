// Golden scenarios: every YAML file under test/scenarios/<year>/ is a submission and the result
// expected from the primary sources (each file cites them in its `source`), run in each of
// its years against the bundled packs.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPacks } from '../engine/pack/load.js';
import { packageRoot } from '../engine/paths.js';
import { loadScenarios, runScenario } from '../engine/scenario/scenario.js';

const SCENARIO_DIR = join(packageRoot, 'test', 'scenarios');
const YEARS = [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024];
const MIN_FILES_PER_YEAR = 6;

const packs = loadPacks();
const scenarios = loadScenarios(SCENARIO_DIR);
const cases = scenarios.flatMap((scenario) => scenario.years.map((year) => ({ scenario, year, title: `${year} ${scenario.name}` })));

describe('golden scenarios', () => {
  // A plain loop rather than it.each: the test is named exactly `<year> <name>`, untruncated.
  for (const { scenario, year, title } of cases) {
    it(title, async () => {
      const outcome = await runScenario(packs, scenario, year);
      const report = [`${scenario.file} (${year}): ${scenario.name}`, `source: ${scenario.source}`, ...outcome.mismatches.map((m) => `  ${m}`)].join('\n');
      expect(outcome.pass, report).toBe(true);
    });
  }
});

describe('scenario coverage', () => {
  it.each(YEARS)(`%i has at least ${MIN_FILES_PER_YEAR} scenario files`, (year) => {
    const files = readdirSync(join(SCENARIO_DIR, String(year))).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(MIN_FILES_PER_YEAR);
  });

  it('every scenario names its source and runs in a year with a pack', () => {
    for (const s of scenarios) {
      expect(s.source.trim(), s.file).not.toBe('');
      for (const year of s.years) expect(packs.has(year), `${s.file}: ${year}`).toBe(true);
    }
  });
});
