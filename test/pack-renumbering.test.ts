// renumberedFrom: an activity that CMS gave a new ID names its previous ID, which must be an
// activity of the parent year or of an earlier one (PACK_RENUMBERED_UNKNOWN otherwise), and no
// longer in the inventory under that ID. Checked on the small fixture packs, then on the published packs.

import { describe, expect, it } from 'vitest';
import { formatPackError } from '../engine/pack/errors.js';
import { loadPacks, validatePacks, type PackText } from '../engine/pack/load.js';
import { BASE_2017, CHILD_2018 } from './fixtures/packs.js';

const F17 = 'rulepacks/2017.yaml';
const F18 = 'rulepacks/2018.yaml';
const F19 = 'rulepacks/2019.yaml';

/** 2018 as the fixture, plus one added activity (appended after IA_EPA_4). */
function child2018(extra: string): string {
  const at = '      weight: medium\n  removed:';
  expect(CHILD_2018.split(at)).toHaveLength(2);
  return CHILD_2018.replace(at, `      weight: medium\n${extra}  removed:`);
}

const added = (id: string, from: string) => `    - id: ${id}
      title: Renumbered activity
      subcategory: populationManagement
      weight: medium
      renumberedFrom: ${from}
`;

/** A 2019 pack extending the fixture 2018 (which removed IA_PM_10). */
const child2019 = (inventory: string) => `year: 2019
extends: 2018
title: MIPS Improvement Activities 2019
sources:
  qpp2019:
    citation: 83 FR 59452
inventory:
${inventory}`;

function results(texts: PackText[]) {
  return validatePacks(texts);
}

function errorLines(texts: PackText[]): string[] {
  return results(texts).flatMap((r) => r.errors.map(formatPackError));
}

describe('renumberedFrom in the loader', () => {
  it('names an activity the parent year removes: valid, and materialized', () => {
    const [, r18] = results([{ file: F17, text: BASE_2017 }, { file: F18, text: child2018(added('IA_PM_11', 'IA_PM_10')) }]);
    expect(r18.errors).toEqual([]);
    expect(r18.pack!.inventory.get('IA_PM_11')?.renumberedFrom).toBe('IA_PM_10');
    expect(r18.pack!.inventory.has('IA_PM_10')).toBe(false);
  });

  it('names an activity of an earlier year than the parent: valid', () => {
    // IA_PM_10 is in 2017 only; 2019 brings it back under a new ID.
    const texts = [
      { file: F17, text: BASE_2017 },
      { file: F18, text: CHILD_2018 },
      { file: F19, text: child2019(`  added:\n${added('IA_PM_12', 'IA_PM_10')}`) },
    ];
    expect(errorLines(texts)).toEqual([]);
  });

  it('an earlier year given as a base set (a draft validated against the published packs) counts too', () => {
    const published = results([{ file: F17, text: BASE_2017 }, { file: F18, text: CHILD_2018 }]);
    const base = new Map(published.map((r) => [r.year!, r.pack!]));
    const [draft] = validatePacks([{ file: F19, text: child2019(`  added:\n${added('IA_PM_12', 'IA_PM_10')}`) }], base);
    expect(draft.errors).toEqual([]);
  });

  it('names an ID in no earlier year: PACK_RENUMBERED_UNKNOWN at the value', () => {
    expect(errorLines([{ file: F17, text: BASE_2017 }, { file: F18, text: child2018(added('IA_PM_11', 'IA_PM_99')) }])).toEqual([
      `${F18}:21:23 PACK_RENUMBERED_UNKNOWN inventory.added[1].renumberedFrom: IA_PM_11 is renumbered from IA_PM_99, which is in no earlier year's inventory (not in 2017 nor before)`,
    ]);
  });

  it('names an ID that only a later year has: unknown', () => {
    // IA_EPA_4 first appears in 2018; a 2018 activity cannot have been IA_EPA_4 before. IA_EPA_1 of
    // 2017 is one edit from it, so it may be the ID meant.
    expect(errorLines([{ file: F17, text: BASE_2017 }, { file: F18, text: child2018(added('IA_PM_11', 'IA_EPA_4')) }])).toEqual([
      `${F18}:21:23 PACK_RENUMBERED_UNKNOWN inventory.added[1].renumberedFrom: IA_PM_11 is renumbered from IA_EPA_4, which is in no earlier year's inventory (not in 2017 nor before); did you mean IA_EPA_1?`,
    ]);
  });

  it('names an ID still in the inventory: the same code, saying so', () => {
    expect(errorLines([{ file: F17, text: BASE_2017 }, { file: F18, text: child2018(added('IA_PM_11', 'IA_EPA_1')) }])).toEqual([
      `${F18}:21:23 PACK_RENUMBERED_UNKNOWN inventory.added[1].renumberedFrom: IA_PM_11 is renumbered from IA_EPA_1, but IA_EPA_1 is still in the 2018 inventory; remove it, or drop renumberedFrom if they are different activities`,
    ]);
  });

  it('in modified, and from itself', () => {
    const modified = child2019('  modified:\n    - id: IA_PM_2\n      renumberedFrom: IA_PM_3\n    - id: IA_EPA_4\n      renumberedFrom: IA_EPA_4\n');
    expect(errorLines([{ file: F17, text: BASE_2017 }, { file: F18, text: CHILD_2018 }, { file: F19, text: modified }])).toEqual([
      `${F19}:10:23 PACK_RENUMBERED_UNKNOWN inventory.modified[0].renumberedFrom: IA_PM_2 is renumbered from IA_PM_3, which is in no earlier year's inventory (not in 2018 nor before)`,
      `${F19}:12:23 PACK_RENUMBERED_UNKNOWN inventory.modified[1].renumberedFrom: IA_EPA_4 cannot be renumbered from itself`,
    ]);
  });

  it('in the base pack: there is no earlier year', () => {
    const base = BASE_2017.replace('      title: Use of QCDR data\n', '      title: Use of QCDR data\n      renumberedFrom: IA_PM_1\n');
    expect(base).not.toBe(BASE_2017);
    const lines = errorLines([{ file: F17, text: base }]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rulepacks\/2017\.yaml:\d+:23 PACK_RENUMBERED_UNKNOWN inventory\.activities\[2\]\.renumberedFrom: IA_PM_10 is renumbered from IA_PM_1, which is in no earlier year's inventory \(a base pack has no earlier year\)$/);
  });

  it('an inherited renumberedFrom is not checked again in later years', () => {
    const texts = [
      { file: F17, text: BASE_2017 },
      { file: F18, text: child2018(added('IA_PM_11', 'IA_PM_10')) },
      { file: F19, text: child2019('  modified:\n    - id: IA_PM_11\n      title: Renamed\n') },
    ];
    expect(errorLines(texts)).toEqual([]);
  });
});

describe('renumberedFrom in the published packs', () => {
  const packs = loadPacks();
  const years = [...packs.keys()];

  it('every renumbering names an activity of an earlier year that the year no longer has', () => {
    for (const [year, pack] of packs) {
      for (const a of pack.inventory.values()) {
        if (!a.renumberedFrom) continue;
        expect(pack.inventory.has(a.renumberedFrom), `${year} ${a.id}`).toBe(false);
        expect(years.some((y) => y < year && packs.get(y)!.inventory.has(a.renumberedFrom!)), `${year} ${a.id} ← ${a.renumberedFrom}`).toBe(true);
      }
    }
  });

  /** The renumberings a year introduces (new ID ← old ID). */
  const introduced = (year: number) => [...packs.get(year)!.inventory.values()]
    .filter((a) => a.renumberedFrom && !packs.get(year - 1)?.inventory.has(a.id))
    .map((a) => `${a.id} ← ${a.renumberedFrom}`).sort();

  it('2025: IA_PM_26 renumbers IA_ERP_6 (RULES.md 2025)', () => {
    expect(introduced(2025)).toEqual(['IA_PM_26 ← IA_ERP_6']);
  });

  it('2026: six renumberings (RULES.md 2026)', () => {
    expect(introduced(2026)).toEqual([
      'IA_AHW_1 ← IA_PM_13', 'IA_BE_26 ← IA_AHE_3', 'IA_BE_27 ← IA_AHE_7',
      'IA_EPA_7 ← IA_AHE_1', 'IA_EPA_8 ← IA_AHE_6', 'IA_PSPA_35 ← IA_AHE_10',
    ]);
  });
});
