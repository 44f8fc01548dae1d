// compare(packs, submission, years): one submission under several years, each change with its causes.
import { describe, expect, it } from 'vitest';
import { compare } from '../engine/compare/compare.js';
import { forYear } from '../engine/compare/evaluate.js';
import { loadPacks, ScoreError } from '../engine/index.js';

const packs = loadPacks();
const EIGHT = [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024];

describe('compare', () => {
  it('a group of 20 where one clinician performed IA_AHE_3: the 2020 group share is the cause', async () => {
    const c = await compare(packs, {
      performanceYear: 2019,
      entityType: 'group',
      clinicians: { total: 20 },
      activities: [{ id: 'IA_AHE_3', cliniciansPerforming: 1 }, { id: 'IA_BE_6' }],
    }, EIGHT);
    expect(c.format).toBe('mips-ia.compare.v1');
    expect(c.rows.map((r) => [r.year, r.points])).toEqual([[2017, 30], [2018, 40], [2019, 40], [2020, 20], [2021, 20], [2022, 20], [2023, 20], [2024, 20]]);
    // 2017 → 2018: IA_AHE_3 medium → high.
    expect(c.rows[1].causes).toEqual([expect.objectContaining({ key: 'activity-weight:IA_AHE_3', kind: 'activity-weight', summary: 'IA_AHE_3 weight medium → high', detail: 'IA_AHE_3: 10 → 20 points' })]);
    expect(c.rows[1].delta).toEqual({ points: 10, categoryScore: 25, categoryWeight: 0, finalScoreContribution: 3.75 });
    expect(c.rows[2].causes).toEqual([]);
    const [cause] = c.rows[3].causes;
    expect(cause).toMatchObject({ key: 'parameter:thresholds.groupActivityMinShare', kind: 'parameter', subject: 'thresholds.groupActivityMinShare' });
    expect(cause.parameter).toMatchObject({ from: { value: 0, year: 2017 }, to: { value: 0.5, year: 2020, reference: expect.stringContaining('414.1360(a)(2)') } });
    expect(cause.detail).toContain('IA_AHE_3 no longer counts (20 → 0 points): performed by 1 of 20 clinicians; at least 10 needed');
    expect(c.rows[3].delta).toMatchObject({ points: -20, finalScoreContribution: -7.5 });
  });

  it('activities missing in a year are left out and reported, not an error', async () => {
    const c = await compare(packs, { performanceYear: 2017, activities: [{ id: 'IA_PM_8' }, { id: 'IA_BE_6' }] }, [2017, 2018, 2019]);
    expect(c.rows.map((r) => [r.year, r.status, r.points, r.leftOut.map((l) => l.id)])).toEqual([
      [2017, 'scored', 30, []], [2018, 'scored', 20, ['IA_PM_8']], [2019, 'scored', 20, ['IA_PM_8']],
    ]);
    expect(c.rows[1].leftOut[0]).toEqual({ id: 'IA_PM_8', reason: 'unknown', message: 'IA_PM_8 is not in the 2018 inventory' });
    expect(c.rows[1].causes).toEqual([expect.objectContaining({ key: 'activity-unavailable:IA_PM_8', summary: 'IA_PM_8 not in the 2018 inventory' })]);
    // A suspended activity: left out with the suspension.
    const s = await compare(packs, { performanceYear: 2021, activities: [{ id: 'IA_PSPA_30' }] }, [2021, 2022]);
    expect(s.rows[1].leftOut).toEqual([expect.objectContaining({ id: 'IA_PSPA_30', reason: 'suspended' })]);
    expect(s.rows[1].causes[0]).toMatchObject({ key: 'activity-unavailable:IA_PSPA_30', summary: 'IA_PSPA_30 suspended in 2022' });
    // A renumbered one says where it went.
    const r = await compare(packs, { performanceYear: 2022, activities: [{ id: 'IA_CC_14' }] }, [2022, 2023]);
    expect(r.rows[1].causes[0].summary).toBe('IA_CC_14 renumbered IA_AHE_12 in 2023');
  });

  it('a year whose rules reject the submission is a row saying so; the rule that stopped rejecting is the cause', async () => {
    const c = await compare(packs, { performanceYear: 2021, reportingOption: 'app', apm: { participation: 'mipsApm' } }, [2020, 2021]);
    expect(c.rows[0]).toMatchObject({ year: 2020, status: 'rejected', error: { code: 'REJECTED' } });
    expect(c.rows[0].points).toBeUndefined();
    expect(c.rows[1]).toMatchObject({ year: 2021, status: 'scored', points: 40, categoryWeight: 20, basis: ['app'] });
    expect(c.rows[1].delta).toBeUndefined();
    expect(c.rows[1].causes).toEqual([expect.objectContaining({ key: 'rule:no-app-yet', kind: 'rule', summary: expect.stringMatching(/^rule no-app-yet removed in 2021/) })]);
  });

  it('rules starting and stopping: the study ends in 2020; APM standard → traditional in 2021; small practice weights in 2022', async () => {
    const study = await compare(packs, { performanceYear: 2019, cmsStudy: true }, [2019, 2020]);
    expect(study.rows.map((r) => r.points)).toEqual([40, 0]);
    expect(study.rows[1].causes).toEqual([expect.objectContaining({ key: 'rule:cms-study', summary: expect.stringMatching(/^rule cms-study removed in 2020/), detail: 'study credit 40 → 0 points' })]);

    const apm = await compare(packs, { performanceYear: 2020, apm: { participation: 'mipsApm' } }, [2020, 2021]);
    expect(apm.rows.map((r) => [r.points, r.categoryWeight])).toEqual([[40, 20], [20, 15]]);
    expect(apm.rows[1].causes.map((c) => c.key)).toEqual(['rule:apm-scoring-standard-other', 'rule:apm-half-credit', 'rule:apm-scoring-standard-other-weights']);

    const small = await compare(packs, { performanceYear: 2022, specialStatus: { smallPractice: true }, otherCategories: { pi: 'absent' }, activities: [{ id: 'IA_BE_6' }] }, [2021, 2022]);
    expect(small.rows.map((r) => [r.points, r.categoryWeight])).toEqual([[40, 15], [40, 30]]);
    expect(small.rows[1].causes).toEqual([expect.objectContaining({ key: 'rule:small-practice-weights', summary: expect.stringMatching(/^rule small-practice-weights added in 2022/) })]);
  });

  it('a weight table parameter that changed: the row and both values', async () => {
    const c = await compare(packs, { performanceYear: 2019, otherCategories: { quality: 'reweighted' }, activities: [{ id: 'IA_BE_6' }] }, [2019, 2020]);
    expect(c.rows.map((r) => r.categoryWeight)).toEqual([40, 15]);
    expect(c.rows[1].causes).toEqual([expect.objectContaining({
      key: 'parameter:categoryWeights.traditional#quality',
      summary: expect.stringMatching(/^categoryWeights\.traditional row quality: 0\/15\/40\/45 → 0\/15\/15\/70 \(quality\/cost\/IA\/PI\)/),
    })]);
  });

  it('PCMH: one recognized site of four suffices in 2017, not from 2018 (pcmhMinSiteShare)', async () => {
    const c = await compare(packs, { performanceYear: 2017, entityType: 'group', practiceSites: { total: 4, pcmhRecognized: 1 }, pcmh: true }, [2017, 2018]);
    expect(c.rows.map((r) => r.points)).toEqual([40, 0]);
    expect(c.rows[1].causes[0]).toMatchObject({ key: 'parameter:thresholds.pcmhMinSiteShare', parameter: { from: { value: 0 }, to: { value: 0.5 } } });
  });

  it('dates move with the year; years default to every pack; a bad submission is a ScoreError', async () => {
    expect(forYear({ performanceYear: 2020, activities: [{ id: 'IA_X', performanceStart: '2020-02-29', performanceEnd: '2020-06-30', lastAttestedYear: 2018 }] }, 2021))
      .toEqual({ performanceYear: 2021, activities: [{ id: 'IA_X', performanceStart: '2021-02-28', performanceEnd: '2021-06-30', lastAttestedYear: 2019 }] });
    // 90 days in leap 2024, still 90 days in 2023.
    expect(forYear({ performanceYear: 2024, activities: [{ id: 'IA_X', performanceStart: '2024-01-01', performanceEnd: '2024-03-30' }] }, 2023).activities)
      .toEqual([{ id: 'IA_X', performanceStart: '2023-01-01', performanceEnd: '2023-03-31' }]);
    const c = await compare(packs, { performanceYear: 2024, activities: [{ id: 'IA_BE_6', performanceStart: '2024-01-01', performanceEnd: '2024-03-30' }] });
    expect(c.years).toEqual([...packs.keys()]);
    expect(c.rows.every((r) => r.status === 'scored' && r.activities![0].counted)).toBe(true);
    // Moved to 2017, a lastAttestedYear of 2018 becomes 2011, below the schema's minimum (2017):
    // that year cannot score it; the years it stays valid in do.
    const moved = await compare(packs, { performanceYear: 2024, activities: [{ id: 'IA_BE_6', lastAttestedYear: 2018 }] }, [2017, 2023, 2024]);
    expect(moved.rows.map((r) => r.status)).toEqual(['invalid', 'scored', 'scored']);
    expect(moved.rows[0]).toMatchObject({ error: { code: 'INVALID_SUBMISSION', errors: [{ path: 'activities[0].lastAttestedYear' }] } });
    await expect(compare(packs, { performanceYear: 2019, entityType: 'team' })).rejects.toThrow(ScoreError);
    await expect(compare(packs, { performanceYear: 2019 }, [2019, 2031])).rejects.toMatchObject({ code: 'UNKNOWN_YEAR' });
  });
});
