// Scoring native submissions over HTTP: POST /v1/score and POST /v1/years/{year}/score answer
// the engine's result; the engine's errors map to 400 (shape), 404 (year) and 422.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { resultJson, score } from '../../engine/index.js';
import { app, bundledPacks, expectProblem, expectSchema } from './helpers.js';

const server = app();
const years = [...bundledPacks().keys()];
const PERIOD = { performanceStart: '2023-01-01', performanceEnd: '2023-06-01' };
const SUBMISSION = {
  performanceYear: 2023,
  entityType: 'individual',
  activities: ['IA_EPA_4', 'IA_PSPA_4', 'IA_EPA_1', 'IA_PM_2'].map((id) => ({ id, ...PERIOD })),
};

describe('POST /v1/score', () => {
  it("answers the engine's result JSON (resultJson), byte for byte", async () => {
    const res = await request(server).post('/v1/score').send(SUBMISSION).expect(200).expect('Content-Type', /application\/json/);
    expectSchema('result.schema.json', res.body);
    expect(res.body).toMatchObject({ performanceYear: 2023, points: 40, categoryScore: 100, categoryWeight: 15, finalScoreContribution: 15 });
    expect(res.text).toBe(resultJson(await score(bundledPacks(), SUBMISSION)));
  });

  it('explain=false leaves out the rule explanations', async () => {
    const res = await request(server).post('/v1/score?explain=false').send(SUBMISSION).expect(200);
    expect(res.body.rules).toEqual([]);
    expect(res.body.points).toBe(40);
    expectProblem(await request(server).post('/v1/score?explain=no').send(SUBMISSION), 400, 'invalid-request');
  });

  it('accepts application/*+json and a UTF-8 charset', async () => {
    await request(server).post('/v1/score').set('Content-Type', 'application/vnd.mips+json; charset=UTF-8').send(JSON.stringify(SUBMISSION)).expect(200);
  });

  it('400 for a submission that does not match the schema, with the JSON path', async () => {
    const body = expectProblem(await request(server).post('/v1/score').send({ ...SUBMISSION, activities: [{ id: 'IA_EPA_1', performanceStart: '2023-13-01' }] }), 400, 'invalid-submission');
    expect(body.errors).toEqual([{ path: 'activities[0].performanceStart', code: 'SUBMISSION_FORMAT', message: expect.stringContaining('YYYY-MM-DD') }]);
    const missing = expectProblem(await request(server).post('/v1/score').send({ entityType: 'group' }), 400, 'invalid-submission');
    expect(missing.errors[0]).toMatchObject({ code: 'SUBMISSION_REQUIRED', message: "must have required property 'performanceYear'" });
    const extra = expectProblem(await request(server).post('/v1/score').send({ ...SUBMISSION, colour: 'blue' }), 400, 'invalid-submission');
    expect(extra.errors[0]).toMatchObject({ path: 'colour', code: 'SUBMISSION_UNKNOWN_KEY' });
  });

  it('400 lists every mistake of a submission at once, enum mistakes with the allowed values', async () => {
    const input = { performanceYear: 2023, entityType: 'team', pcmh: 'yes', activities: [{ id: 'IA_EPA_1', lastAttestedYear: 2000 }] };
    const body = expectProblem(await request(server).post('/v1/score').send(input), 400, 'invalid-submission');
    expect(body.detail).toBe('the submission does not match schemas/submission.schema.json (3 errors)');
    expect(body.errors).toEqual([
      { path: 'entityType', code: 'SUBMISSION_ENUM', message: 'must be one of individual, group, virtualGroup, subgroup, apmEntity' },
      { path: 'pcmh', code: 'SUBMISSION_TYPE', message: 'must be true or false; found the string "yes"' },
      { path: 'activities[0].lastAttestedYear', code: 'SUBMISSION_RANGE', message: 'must be at least 2017; found 2000' },
    ]);
  });

  it('400 lists at most 100 mistakes, and counts them all', async () => {
    const input = { performanceYear: 2023, activities: Array.from({ length: 150 }, () => ({ id: 'IA_EPA_1', colour: 'blue' })) };
    const body = expectProblem(await request(server).post('/v1/score').send(input), 400, 'invalid-submission');
    expect(body.detail).toBe('the submission does not match schemas/submission.schema.json (150 errors, the first 100 listed)');
    expect(body.errors).toHaveLength(100);
    expect(body.errors[99]).toEqual({ path: 'activities[99].colour', code: 'SUBMISSION_UNKNOWN_KEY', message: expect.stringMatching(/^unknown key 'colour'; expected one of id, /) });
  });

  it('400 for a query parameter outside its values lists them', async () => {
    const body = expectProblem(await request(server).post('/v1/score?explain=no').send(SUBMISSION), 400, 'invalid-request');
    expect(body.errors).toEqual([{ path: 'query.explain', code: 'QUERY_ENUM', message: 'must be one of true, false' }]);
  });

  it('404 for a year without a pack, listing the years', async () => {
    const body = expectProblem(await request(server).post('/v1/score').send({ ...SUBMISSION, performanceYear: 2099 }), 404, 'unknown-year');
    expect(body.years).toEqual(years);
    expect(body.errors).toEqual([{ path: 'performanceYear', code: 'UNKNOWN_YEAR', message: `must be a year with a pack: ${years[0]}-${years.at(-1)}` }]);
  });

  it('422 naming every unknown or suspended activity', async () => {
    const body = expectProblem(await request(server).post('/v1/score').send({
      ...SUBMISSION, activities: [{ id: 'IA_EPA_1' }, { id: 'IA_XYZ_9' }, { id: 'IA_BMH_13' }, { id: 'IA_PM_8' }],
    }), 422, 'unattestable-activity');
    expect(body.errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`)).toEqual([
      'activities[1].id ACTIVITY_UNKNOWN', 'activities[2].id ACTIVITY_SUSPENDED', 'activities[3].id ACTIVITY_UNKNOWN',
    ]);
    expect(body.errors[0].message).toContain('IA_XYZ_9');
    expect(body.errors[2].message).toBe('IA_PM_8 is not in the 2023 inventory; it exists in 2017');
  });

  it('422 for a mistyped activity ID suggests the close IDs of the year', async () => {
    const body = expectProblem(await request(server).post('/v1/score').send({ ...SUBMISSION, activities: [{ id: 'IA_BE_222' }] }), 422, 'unattestable-activity');
    expect(body.errors).toEqual([{
      path: 'activities[0].id', code: 'ACTIVITY_UNKNOWN', message: 'IA_BE_222 is not in the 2023 inventory; it is in no year of the inventory; did you mean IA_BE_22?',
    }]);
  });

  it('422 for an unknown MVP and for what the rules of the year refuse', async () => {
    const mvp = expectProblem(await request(server).post('/v1/score').send({ ...SUBMISSION, reportingOption: 'mvp', mvpId: 'G9999' }), 422, 'unknown-mvp');
    expect(mvp.errors[0]).toMatchObject({ path: 'mvpId', code: 'UNKNOWN_MVP' });
    const early = expectProblem(await request(server).post('/v1/score').send({ ...SUBMISSION, performanceYear: 2019, activities: [], reportingOption: 'mvp', mvpId: 'G0053' }), 422, 'rejected');
    expect(early.errors[0]).toMatchObject({ path: 'reportingOption', code: 'MVP_NOT_AVAILABLE' });
    const subgroup = expectProblem(await request(server).post('/v1/score').send({ ...SUBMISSION, entityType: 'subgroup' }), 422, 'rejected');
    expect(subgroup.errors[0].code).toBe('SUBGROUP_REQUIRES_MVP');
  });
});

describe('POST /v1/years/{year}/score', () => {
  it("takes the path's year when the body has none", async () => {
    const { performanceYear: _omit, ...withoutYear } = SUBMISSION;
    const res = await request(server).post('/v1/years/2023/score').send(withoutYear).expect(200);
    expect(res.body).toMatchObject({ performanceYear: 2023, points: 40, finalScoreContribution: 15 });
  });

  it('accepts the same year in both', async () => {
    await request(server).post('/v1/years/2023/score').send(SUBMISSION).expect(200);
  });

  it("400 when the body's year differs from the path's", async () => {
    const body = expectProblem(await request(server).post('/v1/years/2024/score').send(SUBMISSION), 400, 'invalid-request');
    expect(body.errors).toEqual([{ path: 'performanceYear', code: 'YEAR_MISMATCH', message: 'must be 2024, the year of the path, or absent' }]);
    // A year of the wrong type is the schema's to name.
    const typed = expectProblem(await request(server).post('/v1/years/2024/score').send({ ...SUBMISSION, performanceYear: '2024' }), 400, 'invalid-submission');
    expect(typed.errors[0]).toMatchObject({ path: 'performanceYear', code: 'SUBMISSION_TYPE' });
  });

  it('404 for an unknown year before reading the body', async () => {
    const body = expectProblem(await request(server).post('/v1/years/2099/score').set('Content-Type', 'text/plain').send('not even JSON'), 404, 'unknown-year');
    expect(body.years).toEqual(years);
  });

  it('400 for a body that is not an object', async () => {
    for (const text of ['[]', '"2023"', '42', 'null', 'true']) {
      const body = expectProblem(await request(server).post('/v1/years/2023/score').set('Content-Type', 'application/json').send(text), 400, 'invalid-submission');
      expect(body.errors[0]).toMatchObject({ path: '', code: 'SUBMISSION_TYPE' });
    }
  });
});
