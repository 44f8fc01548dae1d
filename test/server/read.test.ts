// The read endpoints: years, a year materialized, activities (filters), one activity, history.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { app, bundledPacks, expectProblem, expectSchema } from './helpers.js';

const server = app();
const packs = bundledPacks();
const years = [...packs.keys()];

describe('GET /v1/years', () => {
  it('lists each year with its hash, title and activity count', async () => {
    const res = await request(server).get('/v1/years').expect(200).expect('Content-Type', /application\/json/);
    expectSchema('year-list.schema.json', res.body);
    expect(res.body.years.map((y: { year: number }) => y.year)).toEqual(years);
    const y2024 = res.body.years.find((y: { year: number }) => y.year === 2024);
    expect(y2024).toEqual({
      year: 2024, extends: 2023, title: packs.get(2024)!.title, hash: packs.get(2024)!.hash, activities: 106, suspended: 0,
    });
    expect(res.body.years[0]).toMatchObject({ year: 2017, extends: null, activities: 93 });
  });
});

describe('GET /v1/years/{year}', () => {
  it('gives the materialized parameters and rules, each with its reference and the year that set it', async () => {
    const res = await request(server).get('/v1/years/2023').expect(200);
    expectSchema('year.schema.json', res.body);
    const body = res.body;
    expect(body).toMatchObject({ year: 2023, extends: 2022, hash: packs.get(2023)!.hash, file: '2023.yaml', activities: 103 });
    const param = (name: string) => body.parameters.find((p: { name: string }) => p.name === name);
    expect(param('points.standard')).toMatchObject({ value: { medium: 10, high: 20 }, year: 2017, reference: expect.stringContaining('414.1380') });
    expect(param('points.mvp')).toMatchObject({ value: { medium: 20, high: 40 }, year: 2023 });
    expect(param('categoryWeights.traditional')).toMatchObject({ year: 2022 });
    expect(param('categoryWeights.traditional').value.none).toEqual({ quality: 30, cost: 30, ia: 15, pi: 25 });
    expect(param('thresholds.groupActivityMinShare')).toMatchObject({ value: 0.5, year: 2020 });
    // A value without a reference has its note (and the inferred flag).
    for (const p of body.parameters) expect(p.reference ?? p.note).toEqual(expect.any(String));
    const rule = body.rules.find((r: { name: string }) => r.name === 'mvp-points');
    expect(rule).toMatchObject({ year: 2023, reference: expect.any(String), event: { type: 'pointsTable', params: { table: 'points.mvp' } } });
    expect(body.rules.map((r: { name: string }) => r.name)).toEqual([...body.rules.map((r: { name: string }) => r.name)].sort());
  });

  it('includes sources, subcategories, MVPs with their activities, and suspensions', async () => {
    const { body } = await request(server).get('/v1/years/2023').expect(200);
    expect(body.sources.fr2023).toEqual({ citation: '87 FR 69404', title: 'CY2023 Physician Fee Schedule final rule' });
    expect(body.sources.fr2017).toBeDefined(); // inherited
    expect(body.subcategories.achievingHealthEquity).toBe('Achieving Health Equity');
    expect(body.mvps).toHaveLength(12);
    expect(body.mvps[0]).toMatchObject({ id: 'G0053', title: 'Advancing Rheumatology Patient Care', activities: expect.arrayContaining(['IA_PCMH']) });
    expect(body.suspended).toEqual([expect.objectContaining({ id: 'IA_BMH_13', creditable: false })]);
  });

  it('404 for a year without a pack, listing the years', async () => {
    for (const path of ['/v1/years/2016', '/v1/years/1999', '/v1/years/abc', '/v1/years/2023.5', `/v1/years/${'9'.repeat(300)}`]) {
      const res = await request(server).get(path);
      const body = expectProblem(res, 404, 'unknown-year');
      expect(body.years).toEqual(years);
      expect(body.detail).toContain(`the packs cover ${years[0]}-${years.at(-1)}`);
    }
  });
});

describe('GET /v1/years/{year}/activities', () => {
  it('lists the attestable activities of the year, in ID order', async () => {
    const res = await request(server).get('/v1/years/2022/activities').expect(200);
    expect(res.body.year).toBe(2022);
    expect(res.body.count).toBe(packs.get(2022)!.activities.size);
    expect(res.body.activities.map((a: { id: string }) => a.id)).toEqual([...packs.get(2022)!.activities.keys()]);
    for (const a of res.body.activities) expectSchema('activity.schema.json', a);
    expect(res.body.activities.map((a: { id: string }) => a.id)).not.toContain('IA_PSPA_30'); // suspended, not creditable
  });

  it('filters by subcategory, weight, MVP and text, combined', async () => {
    const get = async (query: Record<string, string>) => (await request(server).get('/v1/years/2024/activities').query(query).expect(200)).body;
    const pm = await get({ subcategory: 'populationManagement' });
    expect(pm.count).toBeGreaterThan(5);
    expect(pm.activities.every((a: { subcategory: string }) => a.subcategory === 'populationManagement')).toBe(true);
    const high = await get({ weight: 'high' });
    expect(high.activities.every((a: { weight: string }) => a.weight === 'high')).toBe(true);
    const none = await get({ weight: 'none' });
    expect(none.activities.map((a: { id: string }) => a.id)).toEqual(['IA_PCMH']);
    const mvp = await get({ mvp: 'G0053' });
    expect(mvp.activities.map((a: { id: string }) => a.id)).toEqual(packs.get(2024)!.mvps.get('G0053')!.activities);
    const lower = await get({ mvp: 'g0053' });
    expect(lower.count).toBe(mvp.count);
    const text = await get({ q: 'anticoagulant' });
    expect(text.activities.map((a: { id: string }) => a.id)).toContain('IA_PM_2');
    const byId = await get({ q: 'ia_epa_1' });
    expect(byId.activities.map((a: { id: string }) => a.id)).toContain('IA_EPA_1');
    const both = await get({ subcategory: 'populationManagement', weight: 'high', q: 'anticoagulant' });
    expect(both.activities.map((a: { id: string }) => a.id)).toEqual(['IA_PM_2']);
    expect((await get({ q: 'no activity says this' })).count).toBe(0);
  });

  it('400 for an unknown subcategory, MVP, weight or query parameter', async () => {
    const bad = async (query: Record<string, string | string[]>) => expectProblem(await request(server).get('/v1/years/2024/activities').query(query), 400, 'invalid-request');
    expect((await bad({ subcategory: 'gardening' })).errors).toEqual([expect.objectContaining({ path: 'query.subcategory', code: 'UNKNOWN_SUBCATEGORY' })]);
    expect((await bad({ mvp: 'G9999' })).detail).toContain('expected one of G0053');
    expect((await bad({ weight: 'low' })).errors[0].path).toBe('query.weight');
    expect((await bad({ colour: 'blue' })).errors[0]).toMatchObject({ path: 'query.colour', code: 'QUERY_ADDITIONALPROPERTIES' });
    expect((await bad({ q: ['a', 'b'] })).errors[0].message).toBe('must be given once, as a string');
    expect((await bad({ q: 'x'.repeat(201) })).errors[0].path).toBe('query.q');
    const noMvps = expectProblem(await request(server).get('/v1/years/2020/activities?mvp=G0053'), 400, 'invalid-request');
    expect(noMvps.detail).toBe('no MVP G0053 in 2020; the year has no MVPs');
    const unweighted = expectProblem(await request(server).get('/v1/years/2025/activities?weight=high'), 400, 'invalid-request');
    expect(unweighted.errors).toEqual([expect.objectContaining({ path: 'query.weight', code: 'UNWEIGHTED_YEAR' })]);
    expect(unweighted.detail).toBe('activities carry no weight in 2025: every activity earns the same points; list them without query.weight');
  });
});

describe('GET /v1/years/{year}/activities/{id}', () => {
  it('gives one activity with its fields', async () => {
    const { body } = await request(server).get('/v1/years/2024/activities/IA_EPA_1').expect(200);
    expectSchema('activity.schema.json', body);
    expect(body).toMatchObject({ year: 2024, id: 'IA_EPA_1', weight: 'high', subcategory: 'expandedPracticeAccess', attestable: true, allowedPrograms: expect.arrayContaining(['mips']) });
    expect(body.description).toEqual(expect.any(String));
  });

  it('gives a suspended activity, not attestable, with its suspension', async () => {
    const { body } = await request(server).get('/v1/years/2023/activities/IA_BMH_13').expect(200);
    expectSchema('activity.schema.json', body);
    expect(body).toMatchObject({ attestable: false, renumberedFrom: 'IA_PSPA_10', suspension: { creditable: false, reference: expect.any(String) } });
  });

  it('404 naming the activity and the years it exists in', async () => {
    const gone = expectProblem(await request(server).get('/v1/years/2024/activities/IA_PM_8'), 404, 'unknown-activity');
    expect(gone.detail).toBe('IA_PM_8 is not in the 2024 inventory; it is in 2017');
    const never = expectProblem(await request(server).get('/v1/years/2024/activities/IA_XYZ_1'), 404, 'unknown-activity');
    expect(never.detail).toBe('IA_XYZ_1 is not in the 2024 inventory; it is in no year of the inventory');
    // A mistyped ID (IA_PM_28 with its letters swapped) gets the close IDs of the year.
    const typo = expectProblem(await request(server).get('/v1/years/2026/activities/IA_MP_28'), 404, 'unknown-activity');
    expect(typo.detail).toBe('IA_MP_28 is not in the 2026 inventory; it is in no year of the inventory; did you mean IA_PM_28?');
    const junk = expectProblem(await request(server).get(`/v1/years/2024/activities/${'x'.repeat(500)}`), 404, 'unknown-activity');
    expect(junk.detail.length).toBeLessThan(200);
    expectProblem(await request(server).get('/v1/years/1990/activities/IA_EPA_1'), 404, 'unknown-year');
  });
});

describe('GET /v1/activities/{id}/history', () => {
  it('gives the activity through the years: added, weight and title changes, removed', async () => {
    const { body } = await request(server).get('/v1/activities/IA_PM_8/history').expect(200);
    expectSchema('activity-history.schema.json', body);
    expect(body.ids).toEqual(['IA_PM_8']);
    expect(body.years.map((y: { year: number }) => y.year)).toEqual([2017]);
    expect(body.events.map((e: { year: number; type: string }) => `${e.year} ${e.type}`)).toEqual(['2017 added', '2018 removed']);

    const ahe3 = (await request(server).get('/v1/activities/IA_AHE_3/history').expect(200)).body;
    expect(ahe3.events).toContainEqual({ year: 2018, type: 'weightChanged', id: 'IA_AHE_3', from: 'medium', to: 'high' });
    expect(ahe3.events).toContainEqual(expect.objectContaining({ year: 2018, type: 'titleChanged', id: 'IA_AHE_3' }));
  });

  it('records suspensions', async () => {
    const { body } = await request(server).get('/v1/activities/IA_PSPA_30/history').expect(200);
    expect(body.events.filter((e: { type: string }) => e.type !== 'modified').map((e: { year: number; type: string }) => `${e.year} ${e.type}`))
      .toEqual(['2018 added', '2022 suspended', '2023 removed']);
    expect(body.events.find((e: { type: string }) => e.type === 'suspended')).toMatchObject({ creditable: false, reference: expect.any(String) });
    expect(body.years.at(-1)).toMatchObject({ year: 2022, attestable: false, suspended: true });
  });

  it('follows renumberedFrom both ways: either ID gives the whole history', async () => {
    const byNew = (await request(server).get('/v1/activities/IA_AHE_12/history').expect(200)).body;
    const byOld = (await request(server).get('/v1/activities/IA_CC_14/history').expect(200)).body;
    expectSchema('activity-history.schema.json', byNew);
    expect(byNew.ids).toEqual(['IA_CC_14', 'IA_AHE_12']);
    expect({ ...byOld, id: 'IA_AHE_12' }).toEqual(byNew);
    expect(byNew.events).toContainEqual({ year: 2023, type: 'renumbered', id: 'IA_AHE_12', from: 'IA_CC_14', to: 'IA_AHE_12' });
    expect(byNew.events.filter((e: { type: string; year: number }) => e.type === 'removed' && e.year === 2023)).toEqual([]);
    expect(byNew.years.find((y: { year: number }) => y.year === 2022).id).toBe('IA_CC_14');
    expect(byNew.years.find((y: { year: number }) => y.year === 2023).id).toBe('IA_AHE_12');
  });

  it('404 for an ID in no year', async () => {
    const body = expectProblem(await request(server).get('/v1/activities/IA_NOPE_1/history'), 404, 'unknown-activity');
    expect(body.detail).toContain('IA_NOPE_1 is in no year of the inventory');
    expectProblem(await request(server).get('/v1/activities/not-an-id/history'), 404, 'unknown-activity');
  });
});

describe('GET /v1/years/{year}/decisions', () => {
  it("gives the year's decision table, as mips-ia check --table has it", async () => {
    const res = await request(server).get('/v1/years/2026/decisions').expect(200);
    expectSchema('decision-table.schema.json', res.body);
    expect(res.body.year).toBe(2026);
    expect(res.body.classes.reduce((n: number, c: { combinations: number }) => n + c.combinations, 0)).toBe(res.body.combinations);
    // A multispecialty group reporting an MVP is refused from 2026: some class says so.
    expect(res.body.classes.some((c: { outcome: string[] }) => c.outcome.some((o) => o.includes('MULTISPECIALTY_MVP_REQUIRES_SUBGROUPS')))).toBe(true);
    expect((await request(server).get('/v1/years/2026/decisions').expect(200)).body).toEqual(res.body);
  });

  it('404 for a year without a pack', async () => {
    expectProblem(await request(server).get('/v1/years/1999/decisions'), 404, 'unknown-year');
  });
});
