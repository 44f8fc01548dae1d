// The year packs' activity inventories against CMS's official ones (test/reference/
// ia-inventory/<year>.json, qpp-measures-data), and the changes the guides and RULES.md state.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPacks, type PackSet } from '../engine/pack/load.js';
import type { Activity, YearPack } from '../engine/types.js';
import type { QmdActivity, QmdMvp } from '../tools/qmd.js';
import { WHATS_NEW_2024 } from './fixtures/quick-start-2024.js';

const referenceDir = new URL('./reference/ia-inventory/', import.meta.url);
const mvpReferenceDir = new URL('./reference/mvp/', import.meta.url);
const YEARS = [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026];
const COUNTS: Record<number, number> = { 2017: 93, 2018: 113, 2019: 118, 2020: 106, 2021: 105, 2022: 105, 2023: 103, 2024: 106, 2025: 104, 2026: 95 };
const MVP_YEARS = [2023, 2024, 2025, 2026];



function mvpReference(year: number): QmdMvp[] {
  return JSON.parse(readFileSync(new URL(`${year}.json`, mvpReferenceDir), 'utf8')) as QmdMvp[];
}

function reference(year: number): Map<string, QmdActivity> {
  const list = JSON.parse(readFileSync(new URL(`${year}.json`, referenceDir), 'utf8')) as QmdActivity[];
  return new Map(list.map((a) => [a.measureId, a]));
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

/** Set difference of two materialized years; `fields` decide what counts as modified. */
function diffYears(from: YearPack, to: YearPack, fields: (keyof Activity)[] = ['title', 'description', 'weight', 'subcategory']) {
  const before = from.inventory;
  const after = to.inventory;
  const modified = [...after.keys()].filter((id) => {
    const a = before.get(id);
    return a !== undefined && fields.some((f) => JSON.stringify(a[f] ?? null) !== JSON.stringify(after.get(id)![f] ?? null));
  });
  return {
    added: sorted([...after.keys()].filter((id) => !before.has(id))),
    removed: sorted([...before.keys()].filter((id) => !after.has(id))),
    modified: sorted(modified),
  };
}

function weightMoves(from: YearPack, to: YearPack): string[] {
  return diffYears(from, to, ['weight']).modified.map((id) => `${id} ${from.inventory.get(id)!.weight} → ${to.inventory.get(id)!.weight}`);
}

let packs: PackSet;
const pack = (year: number) => packs.get(year)!;

beforeAll(() => {
  packs = loadPacks();
});

describe('the attestable inventory of each year equals the reference exactly', () => {
  it.each(YEARS)('%i: same IDs', (year) => {
    const ref = reference(year);
    expect(sorted(pack(year).activities.keys())).toEqual(sorted(ref.keys()));
    expect(pack(year).activities.size).toBe(COUNTS[year]);
    expect(ref.size).toBe(COUNTS[year]);
  });

  it.each(YEARS)('%i: same fields per ID', (year) => {
    const problems: string[] = [];
    for (const [id, r] of reference(year)) {
      const a = pack(year).activities.get(id);
      if (!a) continue; // reported by the ID test
      const expected = {
        title: r.title,
        description: r.description.trim(),
        weight: r.weight ?? null,
        subcategory: r.subcategoryId,
        cehrtEligible: r.cehrtEligible ?? undefined, // absent and null are both "absent"
        allowedPrograms: r.allowedPrograms,
        allowedRegistrationTypes: r.allowedRegistrationTypes,
      };
      const actual = {
        title: a.title,
        description: a.description?.trim(),
        weight: a.weight,
        subcategory: a.subcategory,
        cehrtEligible: a.cehrtEligible ?? undefined,
        allowedPrograms: a.allowedPrograms ?? undefined,
        allowedRegistrationTypes: a.allowedRegistrationTypes ?? undefined,
      };
      for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
        if (JSON.stringify(actual[key]) !== JSON.stringify(expected[key])) problems.push(`${id}.${key}: ${JSON.stringify(actual[key])?.slice(0, 80)} ≠ ${JSON.stringify(expected[key])?.slice(0, 80)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('IA_PCMH is the PCMH attestation record, without a weight, every year', () => {
    for (const year of YEARS) {
      const pcmh = pack(year).activities.get('IA_PCMH');
      expect(pcmh?.pcmhAttestation, `${year}`).toBe(true);
      expect(pcmh?.weight, `${year}`).toBeNull();
    }
  });
});

describe('suspended activities: RULES.md sections 3 and 5', () => {
  // RULES.md 2022: IA_PSPA_30 was in the 2022 inventory as finalized and suspended in the year
  // (the PCI Bleeding Campaign ended); QMD later deleted it from its 2022 file. The pack keeps it
  // in the inventory as suspended and not creditable, so the attestable inventory equals QMD.
  it('IA_PSPA_30: in the 2022 inventory, suspended and not attestable; removed in 2023', () => {
    expect(reference(2021).has('IA_PSPA_30')).toBe(true);
    expect(reference(2022).has('IA_PSPA_30')).toBe(false);
    const p = pack(2022);
    expect(p.inventory.has('IA_PSPA_30')).toBe(true);
    expect(p.activities.has('IA_PSPA_30')).toBe(false);
    expect(p.suspended.get('IA_PSPA_30')).toMatchObject({ creditable: false });
    expect(p.suspended.get('IA_PSPA_30')?.note).toMatch(/PCI Bleeding Campaign .* ended/);
    expect(p.suspended.get('IA_PSPA_30')?.reference).toMatch(/86 FR 64996.*qpp-measures-data deleted IA_PSPA_30/);
    expect(pack(2023).inventory.has('IA_PSPA_30')).toBe(false);
    expect(pack(2023).suspended.has('IA_PSPA_30')).toBe(false);
  });

  // RULES.md 2023: IA_BMH_13 (buprenorphine waiver) was finalized for 2023 and suspended in mid-2023
  // when the waiver ended. CMS's "2024 Improvement Activities Quick Start Guide" (S001, "What's
  // New") lists it among the 2024 removals, while QMD has it in no year at all: the guide and QMD
  // disagree. The packs follow RULES.md: added and suspended (not creditable) in 2023, removed in 2024.
  it('IA_BMH_13: absent from every QMD year; in the 2023 inventory, suspended; removed in 2024', () => {
    for (const year of YEARS) expect(reference(year).has('IA_BMH_13'), `${year}`).toBe(false);
    const p = pack(2023);
    const a = p.inventory.get('IA_BMH_13');
    expect(a).toMatchObject({
      title: 'Obtain or Renew an Approved Waiver for Provision of Buprenorphine as Medication-Assisted Treatment [MAT] for Opioid Use Disorder',
      subcategory: 'behavioralAndMentalHealth',
      weight: 'medium',
      renumberedFrom: 'IA_PSPA_10',
    });
    expect(WHATS_NEW_2024.removed.activities).toContainEqual({ id: 'IA_BMH_13', title: a!.title });
    expect(p.activities.has('IA_BMH_13')).toBe(false);
    expect(p.suspended.get('IA_BMH_13')).toMatchObject({ creditable: false });
    expect(p.suspended.get('IA_BMH_13')?.reference).toMatch(/87 FR 69404.*2024 Improvement Activities Performance Category Quick Start Guide/);
    expect(pack(2022).inventory.has('IA_BMH_13')).toBe(false);
    expect(pack(2024).inventory.has('IA_BMH_13')).toBe(false);
  });

  // RULES.md 2025: IA_AHE_5, IA_AHE_8, IA_AHE_9, IA_AHE_11, IA_AHE_12, IA_ERP_3, IA_PM_6 and IA_PM_26
  // were suspended on May 6, 2025 and stay creditable for work already begun; QMD keeps them in
  // its 2025 file (their descriptions say so) and drops them from 2026.
  it('2025: eight activities suspended on 2025-05-06, still creditable; removed in 2026', () => {
    const ids = ['IA_AHE_5', 'IA_AHE_8', 'IA_AHE_9', 'IA_AHE_11', 'IA_AHE_12', 'IA_ERP_3', 'IA_PM_6', 'IA_PM_26'];
    const p = pack(2025);
    expect(sorted(p.suspended.keys())).toEqual(sorted(ids));
    for (const id of ids) {
      expect(p.activities.has(id), id).toBe(true);
      expect(p.suspended.get(id), id).toMatchObject({ date: '2025-05-06', creditable: true });
      expect(p.suspended.get(id)?.reference, id).toMatch(/suspended for the 2025 performance period as of May 6, 2025/);
      expect(reference(2025).get(id)?.description, id).toMatch(/suspended for the 2025 performance period as of May 6, 2025/);
      expect(pack(2026).inventory.has(id), id).toBe(false);
    }
    expect(pack(2026).suspended.size).toBe(0);
    expect(pack(2024).suspended.size).toBe(0);
  });

  it('no other year hides an activity', () => {
    for (const year of YEARS) {
      const hidden = [...pack(year).inventory.keys()].filter((id) => !pack(year).activities.has(id));
      expect(hidden, `${year}`).toEqual(year === 2022 ? ['IA_PSPA_30'] : year === 2023 ? ['IA_BMH_13'] : []);
    }
  });
});

describe('the changes the sources state, from diffing materialized years', () => {
  it('2018: 21 added, IA_PM_8 removed, IA_AHE_3 and IA_BE_14 medium → high, IA_CC_4 high → medium (RULES.md 2018)', () => {
    const d = diffYears(pack(2017), pack(2018));
    expect(d.added).toEqual(sorted([
      'IA_AHE_5', 'IA_AHE_6', 'IA_BMH_9', 'IA_CC_15', 'IA_CC_16', 'IA_CC_17', 'IA_EPA_5',
      'IA_PM_17', 'IA_PM_18', 'IA_PM_19', 'IA_PM_20', 'IA_PM_21',
      'IA_PSPA_22', 'IA_PSPA_23', 'IA_PSPA_24', 'IA_PSPA_25', 'IA_PSPA_26', 'IA_PSPA_27', 'IA_PSPA_28', 'IA_PSPA_29', 'IA_PSPA_30',
    ]));
    expect(d.removed).toEqual(['IA_PM_8']);
    expect(weightMoves(pack(2017), pack(2018)).sort()).toEqual(['IA_AHE_3 medium → high', 'IA_BE_14 medium → high', 'IA_CC_4 high → medium']);
    expect(pack(2018).activities.size).toBe(112 + 1); // 112 activities + IA_PCMH
  });

  it('2017 and 2018: 18 and 30 CEHRT-eligible activities; none from 2019 (RULES.md 3)', () => {
    const cehrt = (year: number) => [...pack(year).activities.values()].filter((a) => a.cehrtEligible === true).length;
    expect(cehrt(2017)).toBe(18);
    expect(cehrt(2018)).toBe(30);
    for (const year of YEARS.filter((y) => y >= 2019)) {
      expect([...pack(year).inventory.values()].filter((a) => a.cehrtEligible !== undefined), `${year}`).toEqual([]);
    }
  });

  it('2017: 78 medium, 14 high and IA_PCMH (RULES.md 2017)', () => {
    const weights = [...pack(2017).activities.values()].map((a) => a.weight);
    expect(weights.filter((w) => w === 'medium')).toHaveLength(78);
    expect(weights.filter((w) => w === 'high')).toHaveLength(14);
    expect(weights.filter((w) => w === null)).toHaveLength(1);
  });

  it('2019: 6 added, IA_PM_9 removed; 117 activities + IA_PCMH (RULES.md 2019)', () => {
    const d = diffYears(pack(2018), pack(2019));
    expect(d.added).toEqual(sorted(['IA_AHE_7', 'IA_BE_24', 'IA_BMH_10', 'IA_CC_18', 'IA_PSPA_31', 'IA_PSPA_32']));
    expect(d.removed).toEqual(['IA_PM_9']);
    expect(pack(2019).activities.size).toBe(117 + 1);
  });

  it('2020: IA_BE_25, IA_CC_19 and IA_ERP_3 (high) added, 15 removed; 105 activities + IA_PCMH (RULES.md 2020)', () => {
    const d = diffYears(pack(2019), pack(2020));
    expect(d.added).toEqual(sorted(['IA_BE_25', 'IA_CC_19', 'IA_ERP_3']));
    expect(d.removed).toHaveLength(15);
    expect(pack(2020).activities.get('IA_ERP_3')?.weight).toBe('high');
    expect(pack(2020).activities.size).toBe(105 + 1);
  });

  it('2021: IA_CC_5 removed, nothing added (RULES.md 2021)', () => {
    const d = diffYears(pack(2020), pack(2021));
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual(['IA_CC_5']);
  });

  it('2022: 7 added, 6 removed, IA_CC_14 and IA_CC_15 medium → high (RULES.md 2022)', () => {
    const d = diffYears(pack(2021), pack(2022));
    expect(d.added).toHaveLength(7);
    expect(d.removed).toHaveLength(6);
    expect(d.removed).not.toContain('IA_PSPA_30');
    expect(weightMoves(pack(2021), pack(2022)).sort()).toEqual(['IA_CC_14 medium → high', 'IA_CC_15 medium → high']);
  });

  it('2024: S001 "What\'s New" (seeds/001 lines 154-175): 5 added, 3 removed, IA_PSPA_16 modified', () => {
    const d = diffYears(pack(2023), pack(2024));
    expect(d.added).toEqual(sorted(['IA_PM_22', 'IA_MVP', 'IA_PM_23', 'IA_BMH_14', 'IA_BMH_15']));
    expect(d.removed).toEqual(sorted(['IA_BMH_6', 'IA_BMH_13', 'IA_PSPA_29']));
    // Modified in what CMS says about an activity; allowedPrograms (MVP lists) change for 100 more.
    expect(d.modified).toEqual(['IA_PSPA_16']);
  });
});

describe('2025 and 2026: unweighted years (RULES.md 2025 and 2026)', () => {
  it('from 2025 no activity has a weight; the reference has no weight field', () => {
    for (const year of [2025, 2026]) {
      expect([...pack(year).inventory.values()].filter((a) => a.weight !== null).map((a) => a.id), `${year}`).toEqual([]);
      expect([...reference(year).values()].filter((r) => 'weight' in r).map((r) => r.measureId), `${year}`).toEqual([]);
    }
    expect([...pack(2024).activities.values()].filter((a) => a.weight === null).map((a) => a.id)).toEqual(['IA_PCMH']);
  });

  it('from 2025 every activity allows the registration types apm, group, subgroup, individual', () => {
    for (const year of [2025, 2026]) {
      for (const a of pack(year).inventory.values()) expect(a.allowedRegistrationTypes, `${year} ${a.id}`).toEqual(['apm', 'group', 'subgroup', 'individual']);
    }
    expect([...pack(2024).inventory.values()].filter((a) => a.allowedRegistrationTypes !== undefined)).toEqual([]);
  });

  it('2025: IA_PM_24, IA_PM_25, IA_PM_26 added; IA_EPA_1, IA_ERP_4, IA_ERP_5, IA_ERP_6, IA_PSPA_27 removed; IA_PM_26 renumbers IA_ERP_6 (RULES.md 2025)', () => {
    const d = diffYears(pack(2024), pack(2025));
    expect(d.added).toEqual(sorted(['IA_PM_24', 'IA_PM_25', 'IA_PM_26']));
    expect(d.removed).toEqual(sorted(['IA_EPA_1', 'IA_ERP_4', 'IA_ERP_5', 'IA_ERP_6', 'IA_PSPA_27']));
    expect(pack(2025).inventory.get('IA_PM_26')?.renumberedFrom).toBe('IA_ERP_6');
    expect(pack(2025).mvps.size).toBe(21);
  });

  it('2026: achieving health equity gone, advancing health and wellness added; 3 new, 6 renumbered, 12 removed (RULES.md 2026)', () => {
    expect(pack(2025).subcategories).toHaveProperty('achievingHealthEquity');
    expect(pack(2026).subcategories).not.toHaveProperty('achievingHealthEquity');
    expect(pack(2026).subcategories.advancingHealthAndWellness).toBe('Advancing Health and Wellness');
    expect([...pack(2026).inventory.values()].filter((a) => a.subcategory === 'advancingHealthAndWellness').map((a) => a.id)).toEqual(['IA_AHW_1']);
    const renumbered: Record<string, string> = {
      IA_EPA_7: 'IA_AHE_1', IA_BE_26: 'IA_AHE_3', IA_EPA_8: 'IA_AHE_6', IA_BE_27: 'IA_AHE_7', IA_PSPA_35: 'IA_AHE_10', IA_AHW_1: 'IA_PM_13',
    };
    const d = diffYears(pack(2025), pack(2026));
    expect(d.added).toEqual(sorted(['IA_PM_27', 'IA_PM_28', 'IA_PSPA_34', ...Object.keys(renumbered)]));
    const suspended2025 = ['IA_AHE_5', 'IA_AHE_8', 'IA_AHE_9', 'IA_AHE_11', 'IA_AHE_12', 'IA_ERP_3', 'IA_PM_6', 'IA_PM_26'];
    expect(d.removed).toEqual(sorted([...suspended2025, 'IA_BMH_8', 'IA_CC_1', 'IA_CC_2', 'IA_PM_12', ...Object.values(renumbered)]));
    for (const [id, from] of Object.entries(renumbered)) {
      const a = pack(2026).inventory.get(id)!;
      expect(a.renumberedFrom, id).toBe(from);
      expect(a.title, id).toBe(pack(2025).inventory.get(from)!.title); // the same activity
    }
    expect(pack(2026).mvps.size).toBe(27);
  });
});

describe("MVPs: each year's MVPs and their activities equal reference/mvp/<year>.json", () => {
  it.each(MVP_YEARS)('%i', (year) => {
    const ref = mvpReference(year);
    const p = pack(year);
    expect(sorted(p.mvps.keys())).toEqual(sorted(ref.map((m) => m.mvpId)));
    for (const m of ref) {
      const mvp = p.mvps.get(m.mvpId)!;
      expect({ title: mvp.title, clinicalTopic: mvp.clinicalTopic }, m.mvpId).toEqual({ title: m.title, clinicalTopic: m.clinicalTopic });
      expect(sorted(mvp.activities), m.mvpId).toEqual(sorted(m.iaMeasureIds));
    }
  });

  it('no MVPs before 2023', () => {
    for (const year of YEARS.filter((y) => y < 2023)) expect(pack(year).mvps.size, `${year}`).toBe(0);
  });
});

describe('activity rules start where the CMS description says so and are inherited', () => {
  const rule = (year: number, id: string) => {
    const a = pack(year).inventory.get(id);
    return a && { minDays: a.minDays, onceEveryYears: a.onceEveryYears, mvpOnly: a.mvpOnly };
  };

  it('minimum periods: IA_CC_10 30 days, IA_ERP_2 60 days, every year', () => {
    for (const year of YEARS) {
      expect(rule(year, 'IA_CC_10')?.minDays, `${year}`).toBe(30);
      expect(rule(year, 'IA_ERP_2')?.minDays, `${year}`).toBe(60);
      expect(pack(year).inventory.get('IA_ERP_2')?.description).toMatch(/60 days or greater/);
    }
  });

  it('once every 4 years: IA_PSPA_4, IA_PSPA_22, IA_PSPA_23 and IA_PSPA_24 from 2018, the first year their descriptions say so', () => {
    // CMS's 2018 descriptions are the first to carry "may be selected once every 4 years" (IA_PSPA_4
    // existed in 2017 without it; IA_PSPA_22-24 are new in 2018; IA_PSPA_24 is gone in 2020).
    expect(reference(2017).get('IA_PSPA_4')?.description).not.toMatch(/once every 4 years/);
    expect(rule(2017, 'IA_PSPA_4')?.onceEveryYears).toBeUndefined();
    for (const year of YEARS.filter((y) => y >= 2018)) {
      for (const id of ['IA_PSPA_4', 'IA_PSPA_22', 'IA_PSPA_23', 'IA_PSPA_24']) {
        if (!pack(year).inventory.has(id)) continue;
        expect(reference(year).get(id)?.description, `${year} ${id}`).toMatch(/once every 4 years/);
        expect(rule(year, id)?.onceEveryYears, `${year} ${id}`).toBe(4);
        expect(pack(year).inventory.get(id)?.ruleReference, `${year} ${id}`).toMatch(/2018 inventory/);
      }
    }
    expect(pack(2019).inventory.has('IA_PSPA_24')).toBe(true);
  });

  it('six calendar months: IA_ERP_1 every year it exists, IA_PSPA_5 2017-2019 (minMonths, not days)', () => {
    for (const year of YEARS) {
      for (const id of ['IA_ERP_1', 'IA_PSPA_5']) {
        const a = pack(year).inventory.get(id);
        if (!a) continue;
        expect(reference(year).get(id)?.description, `${year} ${id}`).toMatch(/minimum of 6 months/);
        expect([a.minMonths, a.minDays], `${year} ${id}`).toEqual([6, undefined]);
      }
    }
    expect(pack(2019).inventory.has('IA_PSPA_5')).toBe(true);
    expect(pack(2026).inventory.has('IA_ERP_1')).toBe(true);
  });

  it('IA_MVP counts only in an MVP (2024)', () => {
    expect(rule(2024, 'IA_MVP')?.mvpOnly).toBe(true);
    expect(pack(2024).inventory.get('IA_MVP')?.ruleReference).toMatch(/participating in MIPS Value Pathways/);
  });

  it('every rule carries a reference quoting its description', () => {
    for (const year of YEARS) {
      for (const a of pack(year).inventory.values()) {
        if (a.minDays == null && a.minMonths == null && a.onceEveryYears == null && a.mvpOnly == null) continue;
        const quoted = a.ruleReference?.match(/"(.+?)"/)?.[1];
        expect(quoted, `${year} ${a.id}`).toBeDefined();
        // quoted from the year the rule starts; later descriptions may be reworded
        const first = YEARS.find((y) => pack(y).inventory.get(a.id)?.ruleReference === a.ruleReference)!;
        expect(pack(first).inventory.get(a.id)?.description, `${a.id}`).toContain(quoted);
      }
    }
  });
});
