// POST /v1/qpp/score-preview: a QPP Submissions API submission in, QPP's score shape out.
// The reference pair is the Submissions API's documented IA example (test/reference/qpp-submission/).
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../engine/pack/schema.js';
import { app, expectProblem, expectSchema, qppReference } from './helpers.js';

const server = app();
const example = qppReference('submission-example-ia.json');
const referenceOutput = qppReference('scoring-example-output-ia.json');
const iaSet = example.measurementSets[0];

async function preview(body: unknown) {
  return request(server).post('/v1/qpp/score-preview').send(body as object);
}

/** Every key path of the reference, with the JSON type found there (arrays: their first item). */
function shape(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.length ? shape(value[0], `${path}[]`) : [`${path} array`];
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [`${path}.${k} ${Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v}`, ...shape(v, `${path}.${k}`)]);
  }
  return [];
}

describe('the QPP reference example', () => {
  it('scores 40 points and 15 final-score points', async () => {
    const res = await preview(example);
    expect(res.status).toBe(200);
    expectSchema('qpp-score.schema.json', res.body);
    const total = res.body.data.score;
    expect(total).toMatchObject({ name: 'total', title: 'Total Score', value: 15 });
    const ia = total.parts[0];
    expect(ia).toMatchObject({ name: 'ia', title: 'IA component of final score', detail: 'Scoring based on weight of 15%.', value: 15, metadata: { maxContribution: 15 } });
    expect(ia.original).toMatchObject({ name: 'ia', value: 40, detail: 'Picked the highest scoring measurement set registry' });
    const set = ia.original.parts[0];
    expect(set).toMatchObject({ name: 'ia', value: 40, title: 'Improvement Activities Score', detail: 'registry', metadata: { messages: {}, maxContribution: 40, measurementSetPicked: true } });
    expect(set.parts.map((p: { name: string; value: number; metadata: { maxContribution: number } }) => [p.name, p.value, p.metadata.maxContribution])).toEqual([
      ['IA_EPA_4', 10, 10], ['IA_PSPA_4', 10, 10], ['IA_EPA_1', 20, 20], ['IA_PM_2', 20, 20],
    ]);
    expect(total.metadata).toMatchObject({ format: 'mips-ia.qpp-score-preview.v1', pack: { year: 2023 }, warnings: [] });
  });

  it("has every key of QPP's documented score output, with the same types", async () => {
    const ours = new Set(shape((await preview(example)).body));
    const missing = shape(referenceOutput).filter((k) => !ours.has(k));
    expect(missing).toEqual([]);
  });
});

describe('QPP conversion', () => {
  it('a measurement with value false is not attested: no points, no inventory check', async () => {
    const res = await preview({
      ...example,
      measurementSets: [{ ...iaSet, measurements: [...iaSet.measurements.slice(0, 2), { measureId: 'IA_EPA_1', value: false }, { measureId: 'IA_NOTREAL_1', value: false }] }],
    });
    expect(res.status).toBe(200);
    const set = res.body.data.score.parts[0].original.parts[0];
    expect(set.value).toBe(20);
    expect(set.parts[2]).toEqual({ name: 'IA_EPA_1', title: expect.any(String), detail: 'not attested (value false)', value: 0, metadata: { maxContribution: 20, attested: false, counted: false, weight: 'high' } });
    expect(set.parts[3]).toMatchObject({ name: 'IA_NOTREAL_1', value: 0, metadata: { maxContribution: 0, attested: false } });
  });

  it('ignores other categories with a warning', async () => {
    const quality = { category: 'quality', submissionMethod: 'registry', measurements: [{ measureId: '001', value: { isEndToEndReported: false, performanceMet: 10, eligiblePopulation: 20 } }] };
    const res = await preview({ ...example, measurementSets: [quality, iaSet, { category: 'pi', measurements: [] }] });
    expect(res.status).toBe(200);
    expect(res.body.data.score.value).toBe(15);
    expect(res.body.data.score.metadata.warnings).toEqual([
      'measurementSets[0] (category quality) is ignored: this service scores improvement activities only',
      'measurementSets[2] (category pi) is ignored: this service scores improvement activities only',
    ]);
    expect(res.body.data.score.parts[0].original.parts[0].metadata.measurementSetIndex).toBe(1);
  });

  it('maps programName: MIPS and mips to traditional, app1 to the APP, an MVP ID to that MVP', async () => {
    const run = async (programName: string, extra: object = {}) => {
      const res = await preview({ ...example, ...extra, measurementSets: [{ ...iaSet, programName }] });
      expect(res.status).toBe(200);
      return res.body.data.score.parts[0].original.parts[0].metadata;
    };
    expect(await run('MIPS')).toMatchObject({ reportingOption: 'traditional', programName: 'MIPS' });
    expect(await run('mips')).toMatchObject({ reportingOption: 'traditional' });
    const app1 = await run('app1', { context: { apm: { participation: 'mipsApm' } } });
    expect(app1).toMatchObject({ reportingOption: 'app', basis: expect.arrayContaining(['app']), categoryScore: 100 });
    expect(await run('G0053')).toMatchObject({ reportingOption: 'mvp', mvpId: 'G0053' });
    // In an MVP, only its activities count, at the MVP points.
    const mvp = await preview({ ...example, measurementSets: [{ ...iaSet, programName: 'G0053' }] });
    const parts = mvp.body.data.score.parts[0].original.parts[0].parts;
    expect(parts.find((p: { name: string }) => p.name === 'IA_EPA_1')).toMatchObject({ metadata: { maxContribution: 40 } });
  });

  it("takes the MVP from context when programName is mips; a different MVP in both is a 400", async () => {
    const res = await preview({ ...example, context: { mvpId: 'G0053' } });
    expect(res.status).toBe(200);
    expect(res.body.data.score.parts[0].original.parts[0].metadata).toMatchObject({ reportingOption: 'mvp', mvpId: 'G0053', programName: 'mips' });
    const body = expectProblem(await preview({ ...example, context: { mvpId: 'G0054' }, measurementSets: [{ ...iaSet, programName: 'G0053' }] }), 400, 'invalid-submission');
    expect(body.errors[0]).toMatchObject({ path: 'context.mvpId', code: 'QPP_MVP_MISMATCH' });
  });

  it('reads what QPP knows from context: special status doubles the points', async () => {
    const res = await preview({ ...example, context: { specialStatus: { rural: true } }, measurementSets: [{ ...iaSet, measurements: [{ measureId: 'IA_EPA_4', value: true }] }] });
    expect(res.status).toBe(200);
    expect(res.body.data.score.parts[0].original.value).toBe(20);
  });

  it('picks the highest scoring ia measurement set, as QPP does', async () => {
    const low = { ...iaSet, submissionMethod: 'electronicHealthRecord', measurements: [{ measureId: 'IA_EPA_4', value: true }] };
    const res = await preview({ ...example, measurementSets: [low, iaSet] });
    const original = res.body.data.score.parts[0].original;
    expect(original).toMatchObject({ value: 40, detail: 'Picked the highest scoring measurement set registry' });
    expect(original.parts.map((p: { value: number; metadata: { measurementSetPicked: boolean } }) => [p.value, p.metadata.measurementSetPicked])).toEqual([[10, false], [40, true]]);
  });

  it('scores the PCMH attestation as full credit', async () => {
    const res = await preview({ ...example, measurementSets: [{ ...iaSet, measurements: [{ measureId: 'IA_PCMH', value: true }] }] });
    const set = res.body.data.score.parts[0].original.parts[0];
    expect(set.value).toBe(40);
    expect(set.parts[0]).toMatchObject({ name: 'IA_PCMH', value: 40, detail: 'PCMH attestation: full credit', metadata: { maxContribution: 40 } });
  });
});

describe('QPP errors name QPP paths', () => {
  it('422 for an unknown activity, at its measurement', async () => {
    const body = expectProblem(await preview({ ...example, measurementSets: [{ ...iaSet, measurements: [{ measureId: 'IA_EPA_1', value: false }, { measureId: 'IA_XYZ_1', value: true }] }] }), 422, 'unattestable-activity');
    expect(body.errors).toEqual([{ path: 'measurementSets[0].measurements[1].measureId', code: 'ACTIVITY_UNKNOWN', message: expect.stringContaining('IA_XYZ_1') }]);
  });

  it('422 for a program this service does not score, and for an unknown MVP', async () => {
    const pcf = expectProblem(await preview({ ...example, measurementSets: [{ ...iaSet, programName: 'pcf' }] }), 422, 'rejected');
    expect(pcf.errors[0]).toMatchObject({ path: 'measurementSets[0].programName', code: 'QPP_PROGRAM_UNSUPPORTED' });
    const mvp = expectProblem(await preview({ ...example, measurementSets: [{ ...iaSet, programName: 'G9999' }] }), 422, 'unknown-mvp');
    expect(mvp.errors[0].path).toBe('measurementSets[0].programName');
  });

  it('404 for a year without a pack', async () => {
    expectProblem(await preview({ ...example, performanceYear: 2099 }), 404, 'unknown-year');
  });

  it('400 for shape errors, with the QPP path', async () => {
    const cases: [unknown, string, string][] = [
      [{ ...example, measurementSets: [{ ...iaSet, measurements: [{ measureId: 'IA_EPA_1', value: 'true' }] }] }, 'measurementSets[0].measurements[0].value', 'SUBMISSION_TYPE'],
      [{ ...example, measurementSets: [{ ...iaSet, measurements: [{ measureId: 'IA_EPA_1', value: null }] }] }, 'measurementSets[0].measurements[0].value', 'SUBMISSION_TYPE'],
      [{ ...example, measurementSets: [{ ...iaSet, performanceStart: '01/01/2023' }] }, 'measurementSets[0].performanceStart', 'SUBMISSION_FORMAT'],
      [{ ...example, entityType: 'clinic' }, 'entityType', 'SUBMISSION_ENUM'],
      [{ ...example, measurementSets: [] }, 'measurementSets', 'SUBMISSION_SIZE'],
      [{ ...example, measurementSets: [{ category: 'cost' }] }, 'measurementSets[0].category', 'SUBMISSION_ENUM'],
      [{ ...example, context: { specialStatus: { rural: 'yes' } } }, 'context.specialStatus.rural', 'SUBMISSION_TYPE'],
      [{ ...example, context: { colour: 'blue' } }, 'context.colour', 'SUBMISSION_UNKNOWN_KEY'],
      [{ ...example, notes: { nested: true } }, 'notes', 'SUBMISSION_TYPE'],
    ];
    for (const [input, path, code] of cases) {
      const body = expectProblem(await preview(input), 400, 'invalid-submission');
      expect(body.errors[0], path).toMatchObject({ path, code });
    }
    const noIa = expectProblem(await preview({ ...example, measurementSets: [{ category: 'quality', measurements: [] }] }), 400, 'invalid-submission');
    expect(noIa.errors[0]).toMatchObject({ path: 'measurementSets', code: 'QPP_NO_IA_SET' });
  });

  it('accepts fields it does not read when they are short scalars (a registry sends ids and dates)', async () => {
    const res = await preview({ ...example, id: 'abc', createdAt: '2023-07-01T00:00:00Z', measurementSets: [{ ...iaSet, id: 'x', submissionId: 'abc', measurements: iaSet.measurements.map((m: object, i: number) => ({ ...m, id: `m${i}` })) }] });
    expect(res.status).toBe(200);
  });
});

describe('schemas/qpp-submission.schema.json', () => {
  it("defines context fields exactly as the native submission schema does", () => {
    const qpp = loadSchema('qpp-submission.schema.json') as any;
    const native = loadSchema('submission.schema.json') as any;
    for (const [name, schema] of Object.entries(qpp.properties.context.properties)) expect(schema, name).toEqual(native.properties[name]);
    expect(qpp.$defs.categoryStatus).toEqual(native.$defs.categoryStatus);
  });

  it('bounds every array and string the service reads', () => {
    const qpp = loadSchema('qpp-submission.schema.json') as any;
    expect(qpp.properties.measurementSets.maxItems).toBe(50);
    expect(qpp.$defs.measurementSet.then.properties.measurements.maxItems).toBe(500);
    expect(qpp.$defs.iaMeasurement.properties.measureId.maxLength).toBe(40);
    expect(qpp.$defs.scalar.maxLength).toBe(1000);
  });
});
