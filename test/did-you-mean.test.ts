// "did you mean …?" for a mistyped activity ID (issue 17): the closest IDs of the year, within two
// edits, and none when none is close or too many are. The cases are the real inventories: IA_PM_28
// is in the 2026 pack (rulepacks/2026.yaml, inventory.added) and in no year before.
import { describe, expect, it } from 'vitest';
import { closeMatches } from '../engine/format/did-you-mean.js';
import { formatPackError, loadPacks, score, ScoreError, validatePacks } from '../engine/index.js';

const packs = loadPacks();
const ids = (year: number) => [...packs.get(year)!.activities.keys()];

describe('closeMatches', () => {
  it('one substitution, two neighbours swapped, one character more or less', () => {
    expect(closeMatches('IA_MP_28', ids(2026))).toEqual(['IA_PM_28']);
    expect(closeMatches('IA_PM28', ids(2026))).toEqual(['IA_PM_28']);
    expect(closeMatches('IA_PM_288', ids(2026))).toEqual(['IA_PM_28']);
    expect(closeMatches('IA_BE_222', ids(2023))).toEqual(['IA_BE_22']);
  });

  it('the closest only, at most three; none when more are that close, or none within two edits', () => {
    expect(closeMatches('IA_PM_82', ids(2026))).toEqual(['IA_PM_2', 'IA_PM_22', 'IA_PM_28']);
    expect(closeMatches('IA_PM_2', ['IA_PM_1', 'IA_PM_3', 'IA_PM_4', 'IA_PM_20'])).toEqual([]);
    expect(closeMatches('IA_XYZ_99', ids(2026))).toEqual([]);
    // Same year only: IA_PM_28 is new in 2026.
    expect(closeMatches('IA_MP_28', ids(2025))).not.toContain('IA_PM_28');
  });

  it('bounded: a name over 40 characters, or more than 2,000 candidates, gets no suggestion', () => {
    expect(closeMatches(`IA_PM_28${'X'.repeat(40)}`, [`IA_PM_28${'X'.repeat(39)}`])).toEqual([]);
    expect(closeMatches('IA_MP_28', [...Array.from({ length: 2001 }, (_, i) => `IA_Q_${i}`), 'IA_PM_28'])).toEqual([]);
  });
});

describe('a submission with a mistyped ID', () => {
  it('the error names the ID and the close ones of the year', async () => {
    const refused = await score(packs, { performanceYear: 2026, activities: [{ id: 'IA_PM_28' }, { id: 'IA_MP_28' }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ScoreError);
    expect((refused as ScoreError).errors).toEqual([{
      path: 'activities[1].id', code: 'ACTIVITY_UNKNOWN',
      message: 'IA_MP_28 is not in the 2026 inventory; it is in no year of the inventory; did you mean IA_PM_28?',
    }]);
  });

  it('an ID of another year is not taken for a typo: the years it exists in, no guess', async () => {
    const refused = await score(packs, { performanceYear: 2025, activities: [{ id: 'IA_PM_28' }] }).catch((e: unknown) => e);
    expect((refused as ScoreError).errors.map((p) => p.message)).toEqual(['IA_PM_28 is not in the 2025 inventory; it exists in 2026']);
  });
});

describe('a draft pack with a mistyped ID', () => {
  it('modified and suspended entries naming no activity get the close IDs of the inventory', () => {
    const draft = [
      'year: 2027', 'extends: 2026', 'title: Draft 2027', 'sources:', '  draft: { citation: "none yet" }', 'inventory:',
      '  modified:', '    - id: IA_MP_28', '      weight: high',
      '  suspended:', '    - { id: IA_PM_288, date: "2027-03-01", creditable: false, reference: "none yet" }', '',
    ].join('\n');
    const [result] = validatePacks([{ file: 'drafts/2027.yaml', text: draft }], packs);
    expect(result.errors.map(formatPackError)).toEqual([
      'drafts/2027.yaml:8:11 PACK_NOT_PRESENT inventory.modified[0].id: cannot modify IA_MP_28: it is not in the 2026 inventory nor added by this pack; did you mean IA_PM_28?',
      'drafts/2027.yaml:11:13 PACK_NOT_PRESENT inventory.suspended[0].id: cannot suspend IA_PM_288: it is not in the 2026 inventory nor added by this pack; did you mean IA_PM_28?',
    ]);
  });
});
