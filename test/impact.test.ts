// Impact of a change on a corpus (engine/impact) and the synthetic corpus (engine/corpus).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../engine/corpus/generate.js';
import { emptyTally, impact, impactReport, ImpactRun, mergeTally, type ImpactTally } from '../engine/impact/impact.js';
import { loadPacks, score, validatePacks, type Submission } from '../engine/index.js';

const packs = loadPacks();
const side = (year: number) => ({ packs, year, label: String(year) });

async function corpus(year: number, count: number, seed: number): Promise<Submission[]> {
  const out: Submission[] = [];
  for await (const s of generateCorpus(packs, year, count, seed)) out.push(s);
  return out;
}

describe('the synthetic corpus', () => {
  it('is reproducible from its seed, and a prefix of a longer corpus', async () => {
    const a = await corpus(2024, 300, 7);
    const b = await corpus(2024, 1200, 7);
    const c = await corpus(2024, 300, 8);
    expect(a).toHaveLength(300);
    expect(b.slice(0, 300)).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('is realistic: every submission scores in its year; a mix of entity types, paths and group shares', async () => {
    const subs = await corpus(2024, 1000, 3);
    for (const s of subs) await expect(score(packs, s, { explain: false })).resolves.toMatchObject({ performanceYear: 2024 });
    const share = (f: (s: Submission) => boolean) => subs.filter(f).length / subs.length;
    expect(share((s) => s.entityType === 'individual')).toBeGreaterThan(0.4);
    expect(share((s) => s.entityType === 'group')).toBeGreaterThan(0.2);
    expect(share((s) => s.reportingOption === 'mvp')).toBeGreaterThan(0.02);
    expect(share((s) => s.reportingOption === 'app')).toBeGreaterThan(0.01);
    expect(share((s) => (s.activities ?? []).some((a) => a.cliniciansPerforming !== undefined && a.cliniciansPerforming * 2 < s.clinicians!.total))).toBeGreaterThan(0.05);
    const counts = subs.map((s) => s.activities?.length ?? 0);
    expect(Math.max(...counts)).toBeLessThanOrEqual(4);
    // 2017 has no virtual groups, no MVPs, no APP: the corpus never asks for them.
    const early = await corpus(2017, 500, 3);
    expect(early.some((s) => s.entityType === 'virtualGroup' || s.reportingOption !== undefined)).toBe(false);
  });
});

describe('impact', () => {
  it('2019 → 2020 on 2,000 submissions: the group threshold is the top cause', async () => {
    const report = await impact(side(2019), side(2020), await corpus(2019, 2000, 42), { topCauses: 5 });
    expect(report.total).toBe(2000);
    expect(report.compared + report.missing.to + report.invalid + report.refused.fromOnly + report.refused.toOnly + report.refused.both).toBe(2000);
    // 15 activities of 2019 are gone in 2020: those submissions are counted apart, not as changes.
    expect(report.missing.to).toBeGreaterThan(0);
    expect(report.missing.from).toBe(0);
    expect(report.missing.activities.every((a) => packs.get(2019)!.activities.has(a.id) && !packs.get(2020)!.activities.has(a.id))).toBe(true);
    expect(report.changed).toBe(report.up + report.down + report.weightOnly);
    expect(report.unchanged + report.changed).toBe(report.compared);
    expect(report.down).toBeGreaterThan(0);
    expect(report.histogram.reduce((n, h) => n + h.count, 0)).toBe(report.up + report.down);
    expect(report.histogram.every((h) => h.delta < 0)).toBe(true);
    const [top] = report.causes;
    expect(top).toMatchObject({ key: 'parameter:thresholds.groupActivityMinShare', kind: 'parameter', up: 0 });
    expect(top.summary).toMatch(/^thresholds\.groupActivityMinShare 0 → 0\.5 \(42 CFR 414\.1360\(a\)\(2\)/);
    expect(top.down).toBe(top.submissions);
    expect(report.causes.map((c) => c.key)).toContain('rule:cms-study');
  });

  it('counts refusals and invalid lines apart; a draft pack against the year it extends', async () => {
    const draft = `year: 2025
extends: 2024
title: Proposed rule
sources: { nprm: { citation: "a proposed rule" } }
parameters:
  thresholds:
    groupActivityMinShare: { value: 0.75, reference: "proposed: three quarters of the NPIs" }
rules:
  no-virtual-groups:
    description: Proposed end of virtual groups.
    reference: proposed
    conditions: { all: [{ fact: entityType, operator: equal, value: virtualGroup }] }
    event: { type: reject, params: { code: VIRTUAL_GROUP_ENDED, path: entityType, message: "no virtual groups" } }
`;
    const base = new Map([...packs].filter(([y]) => y <= 2024));
    const [r] = validatePacks([{ file: 'draft.yaml', text: draft }], base);
    expect(r.errors).toEqual([]);
    const withDraft = new Map([...base, [2025, r.pack!]]);
    const run = new ImpactRun(side(2024), { packs: withDraft, year: 2025, label: 'draft.yaml' });
    const group = { performanceYear: 2024, entityType: 'group', clinicians: { total: 20 }, activities: [{ id: 'IA_BE_6', cliniciansPerforming: 12 }, { id: 'IA_EPA_1', cliniciansPerforming: 20 }] };
    await run.add(JSON.stringify(group));
    await run.add(group);
    await run.add({ ...group, entityType: 'virtualGroup' });
    await run.add('not json');
    await run.add({ performanceYear: 2024, entityType: 'team' });
    await run.add({ performanceYear: 2024, activities: [{ id: 'IA_PM_8' }] });
    const report = run.report();
    expect(report).toMatchObject({
      total: 6, invalid: 2, compared: 2, changed: 2, down: 2, up: 0,
      refused: { fromOnly: 0, toOnly: 1, both: 0, codes: [{ code: 'VIRTUAL_GROUP_ENDED', from: 0, to: 1 }] },
      missing: { from: 1, to: 1, activities: [{ id: 'IA_PM_8', from: 1, to: 1 }] },
      histogram: [{ delta: -20, count: 2 }],
    });
    expect(report.causes.map((c) => [c.key, c.submissions, c.down, c.refusals])).toEqual([
      ['parameter:thresholds.groupActivityMinShare', 2, 2, 0],
      ['rule:no-virtual-groups', 1, 0, 1],
    ]);
    expect(report.causes[0].summary).toBe('thresholds.groupActivityMinShare 0.5 → 0.75 (proposed: three quarters of the NPIs)');
  });

  it('streams: an async iterable of lines, blank lines skipped, memory held to counts', async () => {
    async function* lines() {
      for (let i = 0; i < 20_000; i++) yield i % 1000 === 0 ? '' : '{"performanceYear":2019,"entityType":"group","clinicians":{"total":20},"activities":[{"id":"IA_BE_6","cliniciansPerforming":1}]}';
    }
    const report = await impact(side(2019), side(2020), lines());
    expect(report).toMatchObject({ total: 19_980, compared: 19_980, down: 19_980, histogram: [{ delta: -20, count: 19_980 }] });
    expect(report.causes).toHaveLength(1);
  });
});

describe('impact tallies', () => {
  it('merge associatively: any split of a corpus into runs, merged in input order in any grouping, reports what one run does', async () => {
    // 2017 → 2018: changes, a refusal and its message (2017 has no virtual groups), missing activities, invalid lines.
    const subs: unknown[] = await corpus(2017, 150, 11);
    subs.splice(40, 0, 'not json', { performanceYear: 2017, activities: [{ id: 'IA_PM_99' }] }, { performanceYear: 2017, entityType: 'virtualGroup', clinicians: { total: 3 }, activities: [{ id: 'IA_BE_6' }] });
    const tallyOf = async (part: unknown[]) => {
      const run = new ImpactRun(side(2017), side(2018));
      for (const s of part) await run.add(s);
      return run.tally;
    };
    const singles = await Promise.all(subs.map((s) => tallyOf([s])));
    const whole = impactReport(side(2017), side(2018), await tallyOf(subs));
    const copy = (t: ImpactTally) => structuredClone(t);
    await fc.assert(fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: subs.length - 1 }), { maxLength: 12 }), fc.boolean(), async (cuts, fromRight) => {
      const bounds = [0, ...cuts.sort((a, b) => a - b), subs.length];
      const parts = bounds.slice(1).map((end, i) => singles.slice(bounds[i], end).reduce((t, s) => mergeTally(t, copy(s)), emptyTally()));
      // ((a + b) + c) or (a + (b + c)): the grouping does not matter, the order is the input's.
      const merged = fromRight ? parts.reduceRight((t, p) => mergeTally(copy(p), t), emptyTally()) : parts.reduce((t, p) => mergeTally(t, p), emptyTally());
      expect(impactReport(side(2017), side(2018), merged)).toEqual(whole);
    }), { numRuns: 50 });
    expect(whole).toMatchObject({ invalid: 1, missing: { from: 1 }, refused: { fromOnly: 1 } });
    expect(whole.changed).toBeGreaterThan(0);
  });
});
