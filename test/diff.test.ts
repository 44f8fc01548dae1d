// diff(packs, from, to): the changes between two materialized years, and its Markdown changelog.
import { describe, expect, it } from 'vitest';
import { diff, diffPacks, formatDiffMarkdown, formatDiffText, loadPacks, ScoreError, validatePacks, type PackDiff, type RuleChange } from '../engine/index.js';
import { conditionText, ruleParts } from '../engine/diff/rule-text.js';
import { compileSchema } from '../engine/pack/schema.js';
import type { Condition } from '../engine/types.js';
import { WHATS_NEW_2024 } from './fixtures/quick-start-2024.js';

const packs = loadPacks();
const validateDiff = compileSchema('pack-diff.schema.json', { allErrors: true });

describe('diff 2023 → 2024 reproduces the 2024 Quick Start Guide', () => {
  const ids = (part: keyof typeof WHATS_NEW_2024) => WHATS_NEW_2024[part].activities.map((a) => a.id);
  const guide = { added: ids('added'), removed: ids('removed'), modified: ids('modified') };
  const d = diff(packs, 2023, 2024);

  it("quotes the guide's lists whole (5 added, 3 removed, 1 modified), with the packs' titles", () => {
    for (const part of Object.values(WHATS_NEW_2024)) {
      expect(part.activities).toHaveLength(Number(/\d+/.exec(part.sentence)![0]));
    }
    for (const a of WHATS_NEW_2024.added.activities) expect(packs.get(2024)!.inventory.get(a.id)?.title, a.id).toBe(a.title);
    for (const a of WHATS_NEW_2024.removed.activities) expect(packs.get(2023)!.inventory.get(a.id)?.title, a.id).toBe(a.title);
    // IA_PSPA_16's new title: the pack's (CMS's qpp-measures-data) differs by a space and a final period.
    expect(packs.get(2024)!.inventory.get('IA_PSPA_16')?.title.replace(' —', '—').replace(/\.$/, '')).toBe(WHATS_NEW_2024.modified.activities[0].title);
  });

  it('lists the same activities added, removed and modified', () => {
    expect(d.activities.added.map((a) => a.id).sort()).toEqual([...guide.added].sort());
    expect(d.activities.removed.map((a) => a.id).sort()).toEqual([...guide.removed].sort());
    expect(d.activities.renumbered).toEqual([]);
    // Modified in content (title, description, weight…); program lists are listed and counted apart.
    expect(d.activities.modified.map((m) => m.id)).toEqual(guide.modified);
    expect(d.counts).toMatchObject({ added: 5, removed: 3, modified: 1, renumbered: 0, weightChanges: 0, programsChanged: 101, activitiesFrom: 103, activitiesTo: 106 });
    expect(d.activities.removed.find((a) => a.id === 'IA_BMH_13')).toMatchObject({ suspendedInFrom: true });
    const pspa16 = d.activities.modified.find((m) => m.id === 'IA_PSPA_16')!;
    expect(pspa16.changes.map((c) => c.field)).toEqual(['title', 'description']);
    expect(pspa16.changes[0]).toMatchObject({ from: 'Use of decision support and standardized treatment protocols', group: 'title' });
    // IA_PSPA_16's program list changed too: it is in both lists, each change in one.
    expect(d.activities.programsChanged.find((m) => m.id === 'IA_PSPA_16')!.changes.map((c) => [c.field, c.group])).toEqual([['allowedPrograms', 'programs']]);
    expect(d.activities.programsChanged).toHaveLength(101);
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
  it('follows renumberedFrom: IA_CC_14 → IA_AHE_12 is renumbered, not removed + added (2022 → 2023)', () => {
    const d = diff(packs, 2022, 2023);
    expect(d.activities.renumbered.map((r) => [r.from, r.to])).toEqual([['IA_CC_14', 'IA_AHE_12'], ['IA_PSPA_10', 'IA_BMH_13']]);
    expect(d.activities.added.map((a) => a.id)).not.toContain('IA_AHE_12');
    expect(d.activities.removed.map((a) => a.id)).not.toContain('IA_CC_14');
    const cc14 = d.activities.renumbered[0];
    expect(cc14.changes.find((c) => c.field === 'subcategory')).toMatchObject({ from: 'careCoordination', to: 'achievingHealthEquity' });
    expect(d.suspensions.added.map((s) => s.id)).toEqual(['IA_BMH_13']);
    expect(d.mvps.added).toHaveLength(12);
  });

  it('non-adjacent years compare the two packs directly (2017 → 2024), renumberings followed', () => {
    const d = diff(packs, 2017, 2024);
    expect(d.activities.renumbered.map((r) => [r.from, r.to])).toEqual([['IA_CC_14', 'IA_AHE_12']]);
    expect(d.activities.removed.map((a) => a.id)).toContain('IA_PM_8');
    expect(d.activities.removed.map((a) => a.id)).toContain('IA_PSPA_10');
    expect(d.activities.added.map((a) => a.id)).toContain('IA_MVP');
    expect(d.activities.added.map((a) => a.id)).not.toContain('IA_BMH_13'); // in neither year
    const ahe3 = d.activities.modified.find((m) => m.id === 'IA_AHE_3')!;
    expect(ahe3.changes.find((c) => c.field === 'weight')).toMatchObject({ from: 'medium', to: 'high', group: 'weight' });
    // And backwards: the same renumbering, the other way round.
    const back = diff(packs, 2024, 2017);
    expect(back.activities.renumbered.map((r) => [r.from, r.to])).toEqual([['IA_AHE_12', 'IA_CC_14']]);
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
    expect(steps.map((d) => [d.to.year, d.counts.added + d.counts.renumbered, d.counts.removed + d.counts.renumbered])).toEqual([
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
    expect(() => diff(packs, 2018, 2099)).toThrow(/no pack for 2099; the packs cover 2017-/);
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

describe('diff counts and lists', () => {
  const years = [...packs.keys()];
  const pairs = years.flatMap((a) => years.filter((b) => b !== a).map((b) => [a, b] as const));

  it('every count is the length of the list it names, for every pair of years; each diff matches its schema', () => {
    for (const [a, b] of pairs) {
      const d = diff(packs, a, b);
      const { activities: x, suspensions: s, parameters: p, rules: r, mvps: m } = d;
      expect(d.counts, `${a} → ${b}`).toEqual({
        activitiesFrom: packs.get(a)!.activities.size,
        activitiesTo: packs.get(b)!.activities.size,
        added: x.added.length,
        removed: x.removed.length,
        renumbered: x.renumbered.length,
        modified: x.modified.length,
        weightChanges: x.modified.filter((e) => e.changes.some((c) => c.group === 'weight')).length,
        programsChanged: x.programsChanged.length,
        suspensionsAdded: s.added.length,
        suspensionsLifted: s.lifted.length,
        suspensionsChanged: s.changed.length,
        parametersChanged: p.added.length + p.removed.length + p.changed.length,
        rulesChanged: r.added.length + r.removed.length + r.changed.length,
        mvpsAdded: m.added.length,
        mvpsRemoved: m.removed.length,
      });
      // modified holds content changes only, programsChanged program-list changes only.
      expect(x.modified.flatMap((e) => e.changes).filter((c) => c.group === 'programs'), `${a} → ${b}`).toEqual([]);
      expect(x.programsChanged.flatMap((e) => e.changes).filter((c) => c.group !== 'programs'), `${a} → ${b}`).toEqual([]);
      expect([...x.modified, ...x.programsChanged].filter((e) => e.changes.length === 0)).toEqual([]);
      if (!validateDiff(d)) expect(validateDiff.errors, `${a} → ${b}`).toEqual([]);
    }
  });

  it('the listing and the changelog say "renumbered" and quote the counts of the lists (2022 → 2023)', () => {
    const d = diff(packs, 2022, 2023);
    const text = formatDiffText(d).join('\n');
    expect(text).toContain(`, 2 renumbered, ${d.activities.modified.length} modified (`);
    expect(text).toContain(`${d.activities.programsChanged.length} with program lists changed`);
    expect(text).not.toMatch(/renamed/i);
    const md = formatDiffMarkdown(d);
    expect(md).toContain('| Activities renumbered | 2 |');
    expect(md).toContain(`## MVP and program membership (${d.activities.programsChanged.length} activities)`);
    expect(md).not.toMatch(/renamed/i);
  });

  it('registration type lists are program lists too: 2024 → 2025 gives all four to 101 activities', () => {
    const d = diff(packs, 2024, 2025);
    const md = formatDiffMarkdown(d);
    expect(md).toContain('- registration types `apm`, `group`, `subgroup`, `individual` added to 101 activities');
    expect(formatDiffText(d)).toContainEqual(expect.stringMatching(/^  program lists \(allowedPrograms, allowedRegistrationTypes\) of 101 activities changed: .*registration types apm, group, subgroup, individual added to 101 activities/));
  });
});

describe('rules in the listing and the changelog: conditions and events as text', () => {
  it('a changed rule shows its conditions before and after (apm-half-credit, 2019 → 2020)', () => {
    const d = diff(packs, 2019, 2020);
    const reference = (year: number) => packs.get(year)!.rules.find((r) => r.name === 'apm-half-credit')!.reference;
    const lines = formatDiffText(d);
    const at = lines.findIndex((l) => l.startsWith('  ~ apm-half-credit: conditions, description, reference changed: '));
    expect(lines.slice(at + 1, at + 5)).toEqual([
      '    conditions in 2019: apmParticipation = otherApm AND (euc = false OR iaDataSubmitted = true)',
      '    conditions in 2020: apmParticipation = otherApm AND submittedCategoryCount ≥ 1 AND (euc = false OR iaDataSubmitted = true)',
      `    2019: ${reference(2019)} [set in 2017]`,
      `    2020: ${reference(2020)} [set in 2020]`,
    ]);
    const md = formatDiffMarkdown(d);
    expect(md).toContain('- Changed **apm-half-credit** (conditions, description, reference): ');
    expect(md).toContain('  - Conditions in 2019: `apmParticipation = otherApm AND (euc = false OR iaDataSubmitted = true)`\n'
      + '  - Conditions in 2020: `apmParticipation = otherApm AND submittedCategoryCount ≥ 1 AND (euc = false OR iaDataSubmitted = true)`\n');
    // A rule removed: the conditions and event it had.
    expect(md).toContain('- Removed **cms-study**: ');
    expect(md).toContain('  - Conditions: `cmsStudy = true`\n  - Event: `fullCredit(basis: study, parameter: credits.studyScore)`\n');
  });

  it('a rule restated with a new source only lists no conditions (traditional-weights, 2017 → 2026)', () => {
    const d = diff(packs, 2017, 2026);
    const r = d.rules.changed.find((x) => x.name === 'traditional-weights')!;
    expect(r.parts).toEqual(['reference', 'note']);
    expect(ruleParts(r)).toEqual([]);
  });

  it('an event or priority that changes is shown before and after', () => {
    const side = { year: 2030, priority: 1, event: { type: 'pointsTable' as const, params: { table: 'points.standard' } }, conditions: { all: [] } };
    const r: RuleChange = { name: 'x', from: side, to: { ...side, priority: 5, event: { type: 'pointsTable', params: { table: 'points.mvp' } } }, parts: ['event', 'priority'] };
    expect(ruleParts(r)).toEqual([
      { part: 'event', from: 'pointsTable(table: points.standard)', to: 'pointsTable(table: points.mvp)' },
      { part: 'priority', from: '1', to: '5' },
    ]);
    expect(ruleParts({ name: 'x', from: null, to: side })).toEqual([{ part: 'conditions', from: null, to: 'always' }, { part: 'event', from: null, to: 'pointsTable(table: points.standard)' }]);
  });

  it('conditionText: AND and OR parenthesised only inside each other, every operator, lists and quoted text', () => {
    expect(conditionText({ all: [{ fact: 'entityType', operator: 'equal', value: 'apmEntity' }, { any: [{ fact: 'euc', operator: 'equal', value: false }, { fact: 'iaDataSubmitted', operator: 'equal', value: true }] }] }))
      .toBe('entityType = apmEntity AND (euc = false OR iaDataSubmitted = true)');
    expect(conditionText({ any: [{ all: [{ fact: 'a', operator: 'lessThan', value: 1 }, { fact: 'b', operator: 'lessThanInclusive', value: 2 }] }, { fact: 'c', operator: 'greaterThan', value: 3 }] }))
      .toBe('(a < 1 AND b ≤ 2) OR c > 3');
    // Same-kind nesting flattens; a group of one is its member; NOT wraps its condition.
    expect(conditionText({ all: [{ all: [{ fact: 'a', operator: 'notEqual', value: 'x' }, { fact: 'b', operator: 'greaterThanInclusive', value: 0.5 }] }, { any: [{ fact: 'c', operator: 'in', value: ['p', 'q'] }] }] }))
      .toBe('a ≠ x AND b ≥ 0.5 AND c in (p, q)');
    expect(conditionText({ not: { fact: 'd', operator: 'notIn', value: ['two words', null] } })).toBe('NOT (d not in ("two words", null))');
    expect(conditionText({ all: [] })).toBe('always');
  });

  it('every rule of every year reads as text naming each fact it tests', () => {
    for (const pack of packs.values()) {
      for (const rule of pack.rules) {
        const text = conditionText(rule.conditions);
        const facts: string[] = [];
        const walk = (c: Condition) => { if (c.fact) facts.push(c.fact); for (const x of [...(c.all ?? []), ...(c.any ?? []), ...(c.not ? [c.not] : [])]) walk(x); };
        walk(rule.conditions);
        for (const f of facts) expect(text, `${pack.year} ${rule.name}`).toContain(`${f} `);
        expect(text, `${pack.year} ${rule.name}`).not.toMatch(/undefined|\[object/);
        expect(text.split('(').length, `${pack.year} ${rule.name}: balanced parentheses`).toBe(text.split(')').length);
      }
    }
  });
});
