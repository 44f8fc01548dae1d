// The service's comparison routes: GET /v1/diff and POST /v1/compare.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { app, expectProblem, expectSchema } from './server/helpers.js';

const server = app();

describe('GET /v1/diff', () => {
  it('?from=2019&to=2020: the changes as JSON (schemas/pack-diff.schema.json)', async () => {
    const res = await request(server).get('/v1/diff?from=2019&to=2020').expect(200).expect('Content-Type', /application\/json/);
    expectSchema('pack-diff.schema.json', res.body);
    expect(res.body.from).toMatchObject({ year: 2019, file: '2019.yaml' });
    expect(res.body.counts).toMatchObject({ added: 3, removed: 15 });
    expect(res.body.parameters.changed).toContainEqual(expect.objectContaining({
      name: 'thresholds.groupActivityMinShare', from: expect.objectContaining({ value: 0 }), to: expect.objectContaining({ value: 0.5, reference: expect.any(String) }),
    }));
  });

  it('non-adjacent years, renumberings followed; format=markdown is the changelog', async () => {
    const res = await request(server).get('/v1/diff?from=2017&to=2024').expect(200);
    expectSchema('pack-diff.schema.json', res.body);
    expect(res.body.activities.renumbered.map((r: { from: string; to: string }) => `${r.from}→${r.to}`)).toEqual(['IA_CC_14→IA_AHE_12']);
    const md = await request(server).get('/v1/diff?from=2023&to=2024&format=markdown').expect(200).expect('Content-Type', 'text/markdown; charset=utf-8');
    expect(md.text).toMatch(/^# Improvement Activities: changes from 2023 to 2024\n/);
    expect(md.text).toContain('| Activities added | 5 |');
  });

  it('a missing or unknown year, a bad format or an unknown parameter: problem+json', async () => {
    expect(expectProblem(await request(server).get('/v1/diff?from=2019'), 400, 'invalid-request').errors).toEqual([{ path: 'query.to', code: 'QUERY_REQUIRED', message: 'required: a performance year' }]);
    expect(expectProblem(await request(server).get('/v1/diff?from=2019&to=1999'), 404, 'unknown-year').years).toContain(2024);
    expectProblem(await request(server).get('/v1/diff?from=2019&to=soon'), 400, 'invalid-request');
    expectProblem(await request(server).get('/v1/diff?from=2019&to=2020&format=pdf'), 400, 'invalid-request');
    expectProblem(await request(server).get('/v1/diff?from=2019&to=2020&colour=red'), 400, 'invalid-request');
    expectProblem(await request(server).post('/v1/diff?from=2019&to=2020'), 405, 'method-not-allowed');
  });
});

describe('POST /v1/compare', () => {
  const group = { performanceYear: 2019, entityType: 'group', clinicians: { total: 20 }, activities: [{ id: 'IA_EPA_1', cliniciansPerforming: 1 }] };

  it('a row per year with the causes of each change (schemas/comparison.schema.json)', async () => {
    const res = await request(server).post('/v1/compare').send({ submission: group, years: [2019, 2020] }).expect(200);
    expectSchema('comparison.schema.json', res.body);
    expect(res.body.rows.map((r: { year: number; points: number }) => [r.year, r.points])).toEqual([[2019, 20], [2020, 0]]);
    expect(res.body.rows[1].causes[0]).toMatchObject({ key: 'parameter:thresholds.groupActivityMinShare', kind: 'parameter' });
  });

  it('default years: every pack; activities a year lacks are left out; refusals are rows', async () => {
    const res = await request(server).post('/v1/compare').send({ submission: { reportingOption: 'app', apm: { participation: 'mipsApm' }, activities: [{ id: 'IA_PM_8' }] } }).expect(200);
    expectSchema('comparison.schema.json', res.body);
    const { body: years } = await request(server).get('/v1/years').expect(200);
    expect(res.body.years).toEqual(years.years.map((y: { year: number }) => y.year));
    expect(res.body.rows[0]).toMatchObject({ year: 2017, status: 'rejected', error: { code: 'REJECTED' } });
    expect(res.body.rows.find((r: { year: number }) => r.year === 2021)).toMatchObject({ status: 'scored', leftOut: [{ id: 'IA_PM_8', reason: 'unknown' }], points: 40 });
  });

  it('errors: the body shape (400), the submission (400, paths from the body root), an unknown year (404), not JSON (400)', async () => {
    const shape = expectProblem(await request(server).post('/v1/compare').send({ years: [2019] }), 400, 'invalid-request');
    expect(shape.errors[0]).toMatchObject({ code: 'REQUEST_REQUIRED' });
    expectProblem(await request(server).post('/v1/compare').send({ submission: group, years: [] }), 400, 'invalid-request');
    expectProblem(await request(server).post('/v1/compare').send({ submission: group, colour: 'red' }), 400, 'invalid-request');
    const sub = expectProblem(await request(server).post('/v1/compare').send({ submission: { ...group, activities: [{ id: 'nope' }] } }), 400, 'invalid-submission');
    expect(sub.errors[0].path).toBe('submission.activities[0].id');
    const year = expectProblem(await request(server).post('/v1/compare').send({ submission: group, years: [2019, 2099] }), 404, 'unknown-year');
    expect(year.years).toContain(2019);
    expectProblem(await request(server).post('/v1/compare').set('Content-Type', 'application/json').send('{'), 400, 'invalid-json');
  });
});

describe('the OpenAPI document', () => {
  it('lists both routes with their schemas', async () => {
    const { body } = await request(server).get('/openapi.json').expect(200);
    expect(body.paths['/v1/diff'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PackDiff' });
    expect(body.paths['/v1/compare'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CompareRequest' });
    expect(body.paths['/v1/compare'].post.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Comparison' });
  });
});
