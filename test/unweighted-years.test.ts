// Years without activity weights (CMS, from 2025), as the pack format expresses them: points
// tables price activities under `unweighted`, `inventory.allActivities` clears every weight at
// once and gives added activities the fields they do not state, and the loader refuses a points
// table that cannot price a weight the year's activities carry (PACK_POINTS_WEIGHT). Then the
// published 2025 and 2026 packs: their INFERRED values reach the explanations of results.

import { describe, expect, it } from 'vitest';
import { formatPackError } from '../engine/pack/errors.js';
import { loadPacks, validatePacks } from '../engine/pack/load.js';
import { score, type ScoreResult } from '../engine/index.js';
import { BASE_2017 } from './fixtures/packs.js';

const F17 = 'rulepacks/2017.yaml';
const F18 = 'rulepacks/2018.yaml';

/** A 2018 pack over the fixture 2017 (IA_EPA_1 high, IA_PM_2 high, IA_PM_10 medium). */
const child = (parameters: string, inventory: string) => `year: 2018
extends: 2017
title: Unweighted 2018
sources:
  t:
    citation: test
${parameters}inventory:
${inventory}`;

const unweightedPoints = `parameters:
  points:
    standard:
      value: { unweighted: 20 }
      note: two activities for full credit
`;

const NEW_ACTIVITY = `    - id: IA_PM_11
      title: New unweighted activity
      subcategory: populationManagement
      weight: null
`;

function load(text: string) {
  return validatePacks([{ file: F17, text: BASE_2017 }, { file: F18, text }]);
}
const errorLines = (text: string) => load(text).flatMap((r) => r.errors.map(formatPackError));

describe('the pack format for an unweighted year', () => {
  it('allActivities clears every weight, and the points table prices them as unweighted', () => {
    const [, r] = load(child(unweightedPoints, `  allActivities: { weight: null }\n  added:\n${NEW_ACTIVITY}`));
    expect(r.errors).toEqual([]);
    expect([...r.pack!.inventory.values()].map((a) => [a.id, a.weight])).toEqual([
      ['IA_EPA_1', null], ['IA_PM_2', null], ['IA_PM_10', null], ['IA_PM_11', null],
    ]);
  });

  it('allActivities gives added activities the fields they do not state; modified may still override', () => {
    const inventory = `  allActivities: { weight: null, allowedRegistrationTypes: [individual, group] }
  added:
${NEW_ACTIVITY}    - id: IA_PM_12
      title: Individuals only
      subcategory: populationManagement
      weight: null
      allowedRegistrationTypes: [individual]
  modified:
    - id: IA_PM_2
      allowedRegistrationTypes: [group]
`;
    const [, r] = load(child(unweightedPoints, inventory));
    expect(r.errors).toEqual([]);
    const types = (id: string) => r.pack!.inventory.get(id)!.allowedRegistrationTypes;
    expect(types('IA_EPA_1')).toEqual(['individual', 'group']);
    expect(types('IA_PM_11')).toEqual(['individual', 'group']);
    expect(types('IA_PM_12')).toEqual(['individual']);
    expect(types('IA_PM_2')).toEqual(['group']);
  });

  it('clearing the weights but keeping an inherited medium/high table: PACK_POINTS_WEIGHT where the weights are cleared', () => {
    expect(errorLines(child('', '  allActivities: { weight: null }\n'))).toEqual([
      `${F18}:8:28 PACK_POINTS_WEIGHT inventory.allActivities.weight: points.standard has no points for unweighted (e.g. IA_EPA_1); it prices medium, high. A year whose activities carry no weight prices them under 'unweighted' (the table is inherited from 2017: restate it)`,
    ]);
  });

  it('an unweighted table while activities still carry weights: PACK_POINTS_WEIGHT at the table', () => {
    expect(errorLines(child(unweightedPoints, `  added:\n${NEW_ACTIVITY}`))).toEqual([
      `${F18}:10:14 PACK_POINTS_WEIGHT parameters.points.standard.value: points.standard has no points for high (e.g. IA_EPA_1), medium (e.g. IA_PM_10); it prices unweighted. A year whose activities carry no weight prices them under 'unweighted'`,
    ]);
  });

  it('an added activity without a weight in a weighted year: PACK_POINTS_WEIGHT at its weight', () => {
    expect(errorLines(child('', `  added:\n${NEW_ACTIVITY}`))).toEqual([
      `${F18}:12:15 PACK_POINTS_WEIGHT inventory.added[0].weight: points.standard has no points for unweighted (e.g. IA_PM_11); it prices medium, high. A year whose activities carry no weight prices them under 'unweighted' (the table is inherited from 2017: restate it)`,
    ]);
  });
});

describe('the published 2025 and 2026 packs', () => {
  const packs = loadPacks();
  const notesOf = (r: ScoreResult, rule: string) => r.rules.find((x) => x.name === rule)?.notes ?? [];

  it('every activity is unweighted and every points table prices only unweighted', () => {
    for (const year of [2025, 2026]) {
      const pack = packs.get(year)!;
      for (const name of ['points.standard', 'points.specialStatus', 'points.mvp']) {
        expect(Object.keys(pack.parameters.get(name)!.value as object), `${year} ${name}`).toEqual(['unweighted']);
      }
    }
  });

  it('every INFERRED value says so in its note, and results carry the note', async () => {
    for (const year of [2025, 2026]) {
      const pack = packs.get(year)!;
      for (const p of pack.parameters.values()) if (p.inferred && p.year >= 2025) expect(p.note, `${year} ${p.name}`).toMatch(/^INFERRED: /);
      for (const r of pack.rules) if (r.inferred && r.year >= 2025) expect(r.note, `${year} ${r.name}`).toMatch(/^INFERRED: /);
    }
    const traditional = await score(packs, { performanceYear: 2025, activities: [{ id: 'IA_BE_4' }] });
    expect(notesOf(traditional, 'standard-points')).toEqual([packs.get(2025)!.parameters.get('points.standard')!.note]);
    expect(notesOf(traditional, 'traditional-weights')[0]).toMatch(/^INFERRED: 42 CFR 414.1380\(c\)\(2\)\(ii\) gives its category weight tables .* kept for 2025/);

    const special = await score(packs, { performanceYear: 2025, specialStatus: { rural: true }, activities: [{ id: 'IA_BE_4' }] });
    expect(special.points).toBe(40);
    expect(notesOf(special, 'special-status-points')).toEqual([packs.get(2025)!.parameters.get('points.specialStatus')!.note]);

    const app = await score(packs, { performanceYear: 2025, reportingOption: 'app', apm: { participation: 'mipsApm' } });
    expect(notesOf(app, 'app-full-credit')[0]).toMatch(/^INFERRED: .*APP Plus/);

    // The MVP table is CONFIRMED for 2025 (42 CFR 414.1365) and INFERRED for 2026 (the same model).
    const mvp = (year: number) => score(packs, { performanceYear: year, reportingOption: 'mvp', mvpId: 'G0053', activities: [{ id: 'IA_BE_4' }] });
    expect(notesOf(await mvp(2025), 'mvp-points')).toEqual([]);
    expect(notesOf(await mvp(2026), 'mvp-points')[0]).toMatch(/^INFERRED: the 2025 model continues/);
    expect((await mvp(2026)).rules.find((r) => r.name === 'mvp-points')?.parameters).toContain('points.mvp@2026 → unweighted 40');
  });

  it('work begun after a creditable suspension does not count; work begun before it does', async () => {
    // CMS's 2025 descriptions: suspended May 6, 2025, still creditable for work already begun.
    const after = await score(packs, { performanceYear: 2025, activities: [{ id: 'IA_PM_6', performanceStart: '2025-06-01', performanceEnd: '2025-09-30' }] });
    expect(after.activities).toMatchObject([{ id: 'IA_PM_6', points: 0, counted: false,
      reason: "the work begins 2025-06-01, after IA_PM_6's suspension on 2025-05-06; only work already begun then stays creditable" }]);
    expect(after.warnings).toEqual([
      'IA_PM_6 was suspended on 2025-05-06; still creditable for work already begun (CMS description (2025 inventory, qpp-measures-data measures/2025/measures-data.json): "suspended for the 2025 performance period as of May 6, 2025 … if you have already completed or were in the process of completing this activity, you’ll still be able to attest to completing it and receive credit")',
    ]);
    const before = await score(packs, { performanceYear: 2025, activities: [{ id: 'IA_PM_6', performanceStart: '2025-03-01', performanceEnd: '2025-09-30' }] });
    expect(before.activities).toMatchObject([{ id: 'IA_PM_6', points: 20, counted: true }]);
  });
});
