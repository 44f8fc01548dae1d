// diff(packs, from, to): the changes between two materialized years, and its Markdown changelog.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diff, diffPacks, formatDiffMarkdown, formatDiffText, loadPacks, ScoreError, validatePacks, type PackDiff } from '../engine/index.js';

const packs = loadPacks();

/** The "What's New" section of the 2024 IA Quick Start Guide (seed 001): IDs in parentheses, `\_` escaped. */
function quickStartWhatsNew(): { added: string[]; removed: string[]; modified: string[] } {
  const text = readFileSync(new URL('../../shared/seeds/001_ef72e050fa3663ca.txt', import.meta.url), 'utf8');
  const section = text.slice(text.indexOf("## What's New with Improvement Activities in 2024?"), text.indexOf('# Get Started with Improvement Activities'));
  const ids = (from: string, to: string) => {
    const part = section.slice(section.indexOf(from), to ? section.indexOf(to) : undefined);
    return [...part.matchAll(/\((IA[\\_A-Z0-9]+)\)\s*$/gm)].map((m) => m[1].replace(/\\_/g, '_'));
  };
  return {
    added: ids('We added', 'We removed'),
    removed: ids('We removed', 'We also modified'),
    modified: ids('We also modified', ''),
  };
}

describe('diff 2023 → 2024 reproduces the 2024 Quick Start Guide', () => {
  const guide = quickStartWhatsNew();
  const d = diff(packs, 2023, 2024);

  it('reads the guide: 5 added, 3 removed, 1 modified', () => {
    expect(guide.added).toHaveLength(5);
    expect(guide.removed).toEqual(['IA_BMH_6', 'IA_BMH_13', 'IA_PSPA_29']);
    expect(guide.modified).toEqual(['IA_PSPA_16']);
  });

  it('lists the same activities added, removed and modified', () => {
    expect(d.activities.added.map((a) => a.id).sort()).toEqual([...guide.added].sort());
    expect(d.activities.removed.map((a) => a.id).sort()).toEqual([...guide.removed].sort());
    expect(d.activities.renamed).toEqual([]);
    // Modified in content (title, description, weight…): program lists are counted apart.
    const content = d.activities.modified.filter((m) => m.changes.some((c) => c.group !== 'programs')).map((m) => m.id);
    expect(content).toEqual(guide.modified);
    expect(d.counts).toMatchObject({ added: 5, removed: 3, modified: 1, renamed: 0, weightChanges: 0, activitiesFrom: 103, activitiesTo: 106 });
    expect(d.activities.removed.find((a) => a.id === 'IA_BMH_13')).toMatchObject({ suspendedInFrom: true });
    const pspa16 = d.activities.modified.find((m) => m.id === 'IA_PSPA_16')!;
    expect(pspa16.changes.map((c) => c.field)).toEqual(['title', 'description', 'allowedPrograms']);
    expect(pspa16.changes[0]).toMatchObject({ from: 'Use of decision support and standardized treatment protocols', group: 'title' });
  });

  it('the Markdown changelog names them with their titles and counts', () => {
    const md = formatDiffMarkdown(d);
    expect(md).toMatch(/^# Improvement Activities: changes from 2023 to 2024\n/);
    expect(md).toContain('| Activities added | 5 |');
    expect(md).toContain('| Activities removed | 3 |');
    expect(md).toContain('| Activities modified (title, description, weight, subcategory, flags, activity rules) | 1 |');
    expect(md).toContain('## Activities added (5)');
    expect(md).toContain('## Activities removed (3)');
    expect(md).toContain('## Activities modified (1)');
    const block = (heading: string) => md.slice(md.indexOf(heading)).split('\n## ')[0];
    for (const id of guide.added) expect(block('## Activities added')).toContain(`- **${id}**: `);
    for (const id of guide.removed) expect(block('## Activities removed')).toContain(`- **${id}**: `);
    expect(block('## Activities modified')).toContain('- **IA_PSPA_16**: Use decision support');
    expect(md).toContain('- **IA_BMH_6**: Implementation of co-location PCP and MH services (high-weighted, Behavioral and Mental Health)');
    expect(md).toContain('- **IA_MVP**: Practice-Wide Quality Improvement in MIPS Value Pathways (high-weighted)');
    // MVPs, parameters with both references.
    expect(md).toContain('- Added **M1366**: Focusing on Women’s Health');
    expect(md).toContain('- Removed **G0056**: Optimizing Chronic Disease Management');
    expect(md).toMatch(/\| `thresholds\.latestStartDate` \(informational: no rule reads it\) \| 2023-10-03 \| 2024-10-03 \| .+\[set in 2023\] \| CMS, 2024 Improvement Activities Performance Category Quick Start Guide \(2024\): .+\[set in 2024\] \|/);
    expect(md).toContain('- `pcf` added to 101 activities');
  });
});

describe('diff', () => {
  it('follows renumberedFrom: IA_CC_14 → IA_AHE_12 is renamed, not removed + added (2022 → 2023)', () => {
    const d = diff(packs, 2022, 2023);
    expect(d.activities.renamed.map((r) => [r.from, r.to])).toEqual([['IA_CC_14', 'IA_AHE_12'], ['IA_PSPA_10', 'IA_BMH_13']]);
    expect(d.activities.added.map((a) => a.id)).not.toContain('IA_AHE_12');
    expect(d.activities.removed.map((a) => a.id)).not.toContain('IA_CC_14');
    const cc14 = d.activities.renamed[0];
    expect(cc14.changes.find((c) => c.field === 'subcategory')).toMatchObject({ from: 'careCoordination', to: 'achievingHealthEquity' });
    expect(d.suspensions.added.map((s) => s.id)).toEqual(['IA_BMH_13']);
    expect(d.mvps.added).toHaveLength(12);
  });

  it('non-adjacent years compare the two packs directly (2017 → 2024), renumberings followed', () => {
    const d = diff(packs, 2017, 2024);
    expect(d.activities.renamed.map((r) => [r.from, r.to])).toEqual([['IA_CC_14', 'IA_AHE_12']]);
    expect(d.activities.removed.map((a) => a.id)).toContain('IA_PM_8');
    expect(d.activities.removed.map((a) => a.id)).toContain('IA_PSPA_10');
    expect(d.activities.added.map((a) => a.id)).toContain('IA_MVP');
    expect(d.activities.added.map((a) => a.id)).not.toContain('IA_BMH_13'); // in neither year
    const ahe3 = d.activities.modified.find((m) => m.id === 'IA_AHE_3')!;
    expect(ahe3.changes.find((c) => c.field === 'weight')).toMatchObject({ from: 'medium', to: 'high', group: 'weight' });
    // And backwards: the same renumbering, the other way round.
    const back = diff(packs, 2024, 2017);
    expect(back.activities.renamed.map((r) => [r.from, r.to])).toEqual([['IA_AHE_12', 'IA_CC_14']]);
    expect(back.counts.added).toBe(d.counts.removed);
  });

  it('weight changes, parameters with both references, rules (2019 → 2020)', () => {
    const d = diff(packs, 2019, 2020);
    const share = d.parameters.changed.find((p) => p.name === 'thresholds.groupActivityMinShare')!;
    expect(share.from).toMatchObject({ value: 0, year: 2017, reference: expect.stringContaining('414.1360') });
    expect(share.to).toMatchObject({ value: 0.5, year: 2020, reference: expect.stringContaining('Beginning with the 2020 performance year') });
    const weights = d.parameters.changed.find((p) => p.name === 'categoryWeights.traditional')!;
    expect(weights.details).toContainEqual({ path: 'quality.ia', from: 40, to: 15 });
    expect(d.rules.removed.map((r) => r.name)).toEqual(['cms-study']);
    expect(d.rules.changed.find((r) => r.name === 'apm-half-credit')!.parts).toContain('conditions');
    expect(d.counts.removed).toBe(15);
    const text = formatDiffText(d).join('\n');
    expect(text).toContain('thresholds.groupActivityMinShare: 0 (share) → 0.5 (share)');
    expect(text).toContain('  - cms-study: ');
    const md = formatDiffMarkdown(d);
    expect(md).toContain('### Category weights: `categoryWeights.traditional`');
    expect(md).toContain('| quality | 0 / 15 / 40 / 45 | 0 / 15 / 15 / 70 |');
  });

  it('2017 → 2018: weights of IA_AHE_3, IA_BE_14, IA_CC_4; PCMH site share', () => {
    const d = diff(packs, 2017, 2018);
    const weights = Object.fromEntries(d.activities.modified.flatMap((m) => m.changes.filter((c) => c.field === 'weight').map((c) => [m.id, `${c.from}→${c.to}`])));
    expect(weights).toEqual({ IA_AHE_3: 'medium→high', IA_BE_14: 'medium→high', IA_CC_4: 'high→medium' });
    expect(d.counts).toMatchObject({ added: 21, removed: 1, weightChanges: 3 });
    expect(d.parameters.changed.map((p) => p.name)).toContain('thresholds.pcmhMinSiteShare');
    const title = d.activities.modified.find((m) => m.id === 'IA_AHE_3')!.title;
    expect(formatDiffMarkdown(d)).toContain(`| IA_AHE_3 | ${title} | medium | high |`);
  });

  it('inventory counts and thresholds year to year, as RULES.md sections 3 and 6 state them', () => {
    const years = [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024];
    const steps = years.slice(1).map((y) => diff(packs, y - 1, y));
    expect(steps.map((d) => [d.to.year, d.counts.added + d.counts.renamed, d.counts.removed + d.counts.renamed])).toEqual([
      [2018, 21, 1], [2019, 6, 1], [2020, 3, 15], [2021, 0, 1], [2022, 7, 6], [2023, 6, 8], [2024, 5, 3],
    ]);
    // 2022: IA_PSPA_30 suspended (in the inventory, not attestable); 2023: IA_BMH_13 added and suspended.
    expect(steps[4].suspensions.added.map((s) => s.id)).toEqual(['IA_PSPA_30']);
    expect(steps[5].suspensions.added.map((s) => s.id)).toEqual(['IA_BMH_13']);
    const value = (d: PackDiff, name: string) => d.parameters.changed.find((p) => p.name === name)?.to?.value;
    expect(steps.map((d) => value(d, 'thresholds.performanceThreshold'))).toEqual([15, 30, 45, 60, 75, undefined, undefined]);
    expect(steps.map((d) => value(d, 'thresholds.exceptionalPerformanceThreshold'))).toEqual([undefined, 75, 85, undefined, 89, null, undefined]);
    expect(steps.map((d) => value(d, 'credits.cehrtBonusPercent'))).toEqual([undefined, 0, undefined, undefined, undefined, undefined, undefined]);
    expect(steps.map((d) => d.mvps.added.length)).toEqual([0, 0, 0, 0, 0, 12, 5]);
  });

  it('the same year: nothing changed', () => {
    const d = diff(packs, 2021, 2021);
    expect(d.counts).toMatchObject({ added: 0, removed: 0, modified: 0, parametersChanged: 0, rulesChanged: 0 });
  });

  it('an unknown year: ScoreError UNKNOWN_YEAR naming the years', () => {
    expect(() => diff(packs, 2016, 2018)).toThrow(ScoreError);
    expect(() => diff(packs, 2018, 2099)).toThrow(/no pack for 2099; the years are 2017, /);
  });

  it('a draft pack against the year it extends', () => {
    const draft = `year: 2025
extends: 2024
title: Draft
sources: { x: { citation: "proposed rule" } }
parameters:
  thresholds:
    groupActivityMinShare: { value: 0.75, reference: "proposed" }
inventory:
  removed: [IA_EPA_1]
  modified:
    - { id: IA_PM_2, weight: medium }
  suspended:
    - { id: IA_ERP_3, date: "2025-05-06", creditable: true, reference: "proposed" }
`;
    const [r] = validatePacks([{ file: 'draft.yaml', text: draft }], new Map([...packs].filter(([y]) => y <= 2024)));
    expect(r.errors).toEqual([]);
    const d = diffPacks(packs.get(2024)!, r.pack!);
    expect(d.activities.removed.map((a) => a.id)).toEqual(['IA_EPA_1']);
    expect(d.activities.modified.map((m) => [m.id, m.changes])).toEqual([['IA_PM_2', [{ field: 'weight', group: 'weight', from: 'high', to: 'medium' }]]]);
    expect(d.suspensions.added).toEqual([{ id: 'IA_ERP_3', title: expect.any(String), from: null, to: { creditable: true, date: '2025-05-06', reference: 'proposed' } }]);
    expect(d.parameters.changed.map((p) => [p.name, p.from!.value, p.to!.value])).toEqual([['thresholds.groupActivityMinShare', 0.5, 0.75]]);
  });
});
