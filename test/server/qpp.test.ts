// POST /v1/qpp/score-preview: a QPP submission in as CMS documents and sends it, CMS's score shape
// out. The bodies are CMS's own (test/reference/qpp-submission/ and test/reference/external/);
// each expected score is the rules' (test/qpp/external.ts) on CMS's inventory weights.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DISCLAIMER } from '../../engine/qpp/cms-score.js';
import { loadSchema } from '../../engine/pack/schema.js';
import { externalJson, submissionExample, weightedPoints } from '../qpp/external.js';
import { app, expectProblem, expectSchema, qppReference } from './helpers.js';

const server = app();
const example = qppReference('submission-example-ia.json');
const iaSet = example.measurementSets[0];

async function preview(body: unknown, query = '') {
  return request(server).post(`/v1/qpp/score-preview${query}`).send(body as object);
}

/** The answer's total, after checking status and schema. */
async function total(body: unknown, query = ''): Promise<Record<string, any>> {
  const res = await preview(body, query);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expectSchema('qpp-score.schema.json', res.body);
  return res.body.data.score;
}

const setOf = (t: Record<string, any>) => t.parts[0].original.parts[0];

describe("CMS's score shape", () => {
  it('the 2023 reference example: 40 points, 15 final-score points, every field CMS documents', async () => {
    const t = await total(example);
    expect(t).toMatchObject({ name: 'total', title: 'Total Score', value: 15, instrumentations: [], warnings: [DISCLAIMER], errors: [] });
    expect(t.parts.map((p: { name: string }) => p.name)).toEqual(['ia', 'bonuses']);
    const ia = t.parts[0];
    expect(ia).toMatchObject({ name: 'ia', title: 'IA component of total score', detail: 'Scoring based on weight of 15%.', value: 15, metadata: { maxContribution: 15, unroundedScoreValue: 15 } });
    expect(ia.original).toMatchObject({ name: 'ia', value: 40, detail: 'Picked the highest scoring measurement set registry', instrumentations: [] });
    expect(setOf(t)).toMatchObject({
      name: 'ia', value: 40, title: 'Improvement Activities Score', detail: 'registry',
      metadata: { messages: { picked: 'Measurement set selected for category score.' }, processingStatus: 'PICKED', maxContribution: 40, measurementSetPicked: true },
    });
    // Sorted by measureId, as CMS's example lists them; the most one activity earns here is a high's 20.
    expect(setOf(t).parts.map((p: any) => [p.name, p.value, p.metadata.calculatedScore, p.metadata.maxContribution, p.metadata.weight])).toEqual([
      ['IA_EPA_1', 20, 20, 20, 'high'], ['IA_EPA_4', 10, 10, 20, 'medium'], ['IA_PM_2', 20, 20, 20, 'high'], ['IA_PSPA_4', 10, 10, 20, 'medium'],
    ]);
    expect(setOf(t).parts[0]).toMatchObject({ instrumentations: [], metadata: { processingStatus: 'PICKED', complete: true, messages: { complete: 'Measurement value of true - scored as normal' } } });
    expect(t.metadata).toEqual({
      messages: { pickedProgram: 'Picked mips score to be submission score.' },
      maxTotalScore: 100, maxHighContributionIA: 20, maxMediumContributionIA: 10,
      maxContributionIA: 15, maxContributionQuality: 30, maxContributionCost: 30, maxContributionPI: 25,
      submittedIAProgramNames: ['mips'], pickedProgramName: 'mips',
      iaCategoryScoreUnrounded: 40, iaCategoryScore: 40, iaWeightedScore: 15, hasIAMeasures: true,
      givenIAStudyCredit: false, hasIAWeightStatus: 'NORMAL', givenAPMParticipationCredit: false, givenIACreditPCMH: false, iaReweighted: false,
      unroundedScoreValue: 15,
    });
  });

  it("the tutorial's small practice (TIN 000000002): IA_EPA_3 + IA_EPA_4 are 40 points, as CMS answers", async () => {
    const cms = externalJson('qpp-submissions-docs/tutorial-advanced3-score-ia.json').data.score;
    const body: Record<string, any> = { ...submissionExample(2024), entityType: 'group', taxpayerIdentificationNumber: '000000002', nationalProviderIdentifier: null, context: { specialStatus: { smallPractice: true } } };
    body.measurementSets[0].measurements = [{ measureId: 'IA_EPA_3', value: true }, { measureId: 'IA_EPA_4', value: true }];
    const t = await total(body);
    expect(t.value).toBe(cms.value);
    const parts = (x: any) => x.parts[0].original.parts[0].parts.map((p: any) => [p.name, p.value, p.metadata.maxContribution, p.metadata.weight]);
    expect(parts(t)).toEqual(parts(cms));
    for (const key of ['maxTotalScore', 'maxHighContributionIA', 'maxMediumContributionIA', 'maxContributionIA'] as const) expect(t.metadata[key], key).toBe(cms.metadata[key]);
    expect(t.metadata.hasIAWeightStatus).toBe('SPECIAL');
  });

  it("after IA_EPA_4 turns false: it is left out of parts, 20 points, and CMS's feedback says what full credit takes", async () => {
    const cms = externalJson('qpp-submissions-docs/tutorial-advanced5-score-ia-feedback.json').data.score;
    const patched = externalJson('qpp-submissions-docs/tutorial-advanced4-measurement-false.json').data.measurement;
    const body: Record<string, any> = { ...submissionExample(2024), entityType: 'group', context: { specialStatus: { smallPractice: true } } };
    body.measurementSets[0].measurements = [{ measureId: 'IA_EPA_3', value: true }, patched];
    const t = await total(body);
    expect(t.value).toBe(cms.value);
    expect(setOf(t).parts.map((p: any) => p.name)).toEqual(['IA_EPA_3']);
    const feedback = t.parts.find((p: any) => p.name === 'feedback-ia');
    expect(feedback).toEqual(cms.parts.find((p: any) => p.name === 'feedback-ia'));
    expect(t.parts.map((p: any) => p.name)).toEqual(['ia', 'feedback-ia', 'bonuses']);
  });

  it('feedback counts the activities of each weight that reach 40, and is absent at full credit', async () => {
    const body = { ...example, measurementSets: [{ ...iaSet, measurements: [{ measureId: 'IA_EPA_4', value: true }] }] };
    const t = await total(body);
    expect(t.parts[1].parts.map((p: any) => p.detail)).toEqual([
      'You could achieve full credit for this category by submitting 3 additional Medium Weighted Activities.',
      'You could achieve full credit for this category by submitting 2 additional High Weighted Activities.',
    ]);
    const unweighted = await total({ ...submissionExample(2025), measurementSets: [{ ...submissionExample(2025).measurementSets[0], measurements: [{ measureId: 'IA_EPA_4', value: true }] }] });
    expect(unweighted.parts[1].parts.map((p: any) => p.detail)).toEqual(['You could achieve full credit for this category by submitting 1 additional Activity.']);
    expect(unweighted.metadata).toMatchObject({ maxHighContributionIA: 20, maxMediumContributionIA: 20 });
  });

  it('the engine explains on request (explain=true), under data.mipsIa, without changing data.score', async () => {
    const plain = await preview(example);
    const explained = await preview(example, '?explain=true');
    expect(explained.status).toBe(200);
    expectSchema('qpp-score.schema.json', explained.body);
    expect(explained.body.data.score).toEqual(plain.body.data.score);
    expect(plain.body.data.mipsIa).toBeUndefined();
    const sets = explained.body.data.mipsIa.sets;
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatchObject({ measurementSetIndex: 0, picked: true, result: { points: 40, finalScoreContribution: 15, pack: { year: 2023 } } });
    expectSchema('result.schema.json', sets[0].result);
    expect(sets[0].result.rules.length).toBeGreaterThan(0);
  });

  it('picks the highest scoring ia measurement set, as QPP does; the other is NOT_PICKED', async () => {
    const low = { ...iaSet, submissionMethod: 'electronicHealthRecord', measurements: [{ measureId: 'IA_EPA_4', value: true }] };
    const t = await total({ ...example, measurementSets: [low, iaSet] });
    expect(t.parts[0].original).toMatchObject({ value: 40, detail: 'Picked the highest scoring measurement set registry' });
    expect(t.parts[0].original.parts.map((p: any) => [p.value, p.metadata.measurementSetPicked, p.metadata.processingStatus])).toEqual([[10, false, 'NOT_PICKED'], [40, true, 'PICKED']]);
  });

  it('the PCMH attestation is full credit (givenIACreditPCMH); an APM credit is givenAPMParticipationCredit', async () => {
    const pcmh = await total({ ...example, measurementSets: [{ ...iaSet, measurements: [{ measureId: 'IA_PCMH', value: true }] }] });
    expect(setOf(pcmh).parts[0]).toMatchObject({ name: 'IA_PCMH', value: 40, metadata: { maxContribution: 40, calculatedScore: 40 } });
    expect(pcmh.metadata.givenIACreditPCMH).toBe(true);
    const apm = await total({ ...example, context: { apm: { participation: 'otherApm' } }, measurementSets: [{ ...iaSet, measurements: [] }] });
    expect(apm.metadata).toMatchObject({ givenAPMParticipationCredit: true, iaCategoryScore: 20 });
  });

  it('an activity that does not count is NOT_PICKED with the reason, value 0; under an MVP one activity may earn 40', async () => {
    // G0053 in 2023 lists IA_EPA_1, not IA_PM_2 (test/reference/mvp/2023.json).
    const t = await total({ ...example, measurementSets: [{ ...iaSet, programName: 'G0053', measurements: [{ measureId: 'IA_PM_2', value: true }, { measureId: 'IA_EPA_1', value: true }] }] });
    expect(setOf(t).parts.map((p: any) => [p.name, p.value, p.metadata.maxContribution, p.metadata.processingStatus])).toEqual([
      ['IA_EPA_1', 40, 40, 'PICKED'], ['IA_PM_2', 0, 40, 'NOT_PICKED'],
    ]);
    expect(setOf(t).parts[1].metadata.messages.notCounted).toBe('not among the activities of MVP G0053 in 2023');
  });

  it('echoes the ids QPP gave the set and its measurements (measurementSetId, measurementId)', async () => {
    const t = await total({ ...example, measurementSets: [{ ...iaSet, id: 'set-1', measurements: [{ measureId: 'IA_EPA_1', value: true, id: 'm-1' }] }] });
    expect(setOf(t).metadata.measurementSetId).toBe('set-1');
    expect(setOf(t).parts[0].metadata.measurementId).toBe('m-1');
  });
});

describe('QPP bodies as CMS documents and sends them', () => {
  it("CMS's current example, every year whose inventory has its four activities, scores what the rules give", async () => {
    for (const year of [2021, 2022, 2023, 2024]) {
      const body = submissionExample(year);
      const points = weightedPoints(year, body.measurementSets[0].measurements.map((m: { measureId: string }) => m.measureId));
      const t = await total(body);
      expect(t.parts[0].original.value, String(year)).toBe(points);
      expect(t.value, String(year)).toBe((points / 40) * 15);
    }
    // From 2025 it names a removed activity (IA_EPA_1): refused, as CMS refuses an activity not in its inventory.
    const body = expectProblem(await preview(submissionExample(2025)), 422, 'unattestable-activity');
    expect(body.errors).toEqual([expect.objectContaining({ path: 'measurementSets[0].measurements[2].measureId', code: 'ACTIVITY_UNKNOWN' })]);
  });

  it("the GET-shaped { data: { submission } } body with a null NPI and quality and aci sets (CMS's scoring input example)", async () => {
    const input = externalJson('qpp-submissions-docs/scoring-example-submission-input.json');
    const sub = input.data.submission;
    const points = weightedPoints(2017, sub.measurementSets[0].measurements.map((m: { measureId: string }) => m.measureId));
    const t = await total(input);
    expect(t.parts[0].original.value).toBe(points);
    expect(t.warnings).toEqual([
      DISCLAIMER,
      'measurementSets[1] (category quality) is ignored: this service scores improvement activities only',
      'measurementSets[2] (category aci) is ignored: this service scores improvement activities only',
    ]);
    // Errors inside the wrapper name the body's own path.
    const bad = structuredClone(input);
    bad.data.submission.measurementSets[0].measurements[1].measureId = 'IA_NOPE_1';
    const problem = expectProblem(await preview(bad), 422, 'unattestable-activity');
    expect(problem.errors[0].path).toBe('data.submission.measurementSets[0].measurements[1].measureId');
  });

  it('the archived qpp-submissions-schema test submission (2017, cmsWebInterface, aci and quality sets)', async () => {
    const sub = externalJson('qpp-submissions-schema/submission.json');
    const t = await total(sub);
    expect(t.parts[0].original.value).toBe(weightedPoints(2017, ['IA_EPA_4']));
    expect(t.parts[0].original.detail).toBe('Picked the highest scoring measurement set cmsWebInterface');
  });

  it("the file-upload client's app1 group: scored once QPP's record of its APM participation is given, refused without it", async () => {
    const sub = externalJson('qpp-file-upload-api-client/test-file.json');
    const refused = expectProblem(await preview(sub), 422, 'rejected');
    expect(refused.errors[0]).toMatchObject({ path: 'measurementSets[1].programName', code: 'APP_REQUIRES_MIPS_APM' });
    const t = await total({ ...sub, context: { apm: { participation: 'mipsApm' } } });
    // APP: IA 100% automatically, weight 20% (42 CFR 414.1367(d); RULES.md section 2).
    expect(t).toMatchObject({ value: 20, metadata: { maxContributionIA: 20, iaCategoryScore: 40, givenAPMParticipationCredit: true, pickedProgramName: 'app1' } });
  });

  it('a cost measurement set is ignored with a message, like the other categories', async () => {
    const t = await total({ ...example, measurementSets: [iaSet, { category: 'cost', submissionMethod: 'administrativeClaims', measurements: [] }] });
    expect(t.warnings[1]).toBe('measurementSets[1] (category cost) is ignored: this service scores improvement activities only');
  });

  it("an ia set under PCF is ignored with the conversion tool's warning 90 wording; nothing else is scored", async () => {
    const t = await total({ ...example, entityType: 'apm', measurementSets: [{ ...iaSet, programName: 'pcf' }] });
    expect(t.parts.map((p: any) => p.name)).toEqual(['bonuses']);
    expect(t.value).toBe(0);
    expect(t.warnings[1]).toBe('measurementSets[0]: the submission for PCF should not contain an Improvement Activities measurement set. The Improvement Activities data will be ignored (programName pcf; the QPP conversion tool\'s warning 90)');
    expect(t.metadata).toMatchObject({ iaCategoryScore: 0, hasIAMeasures: false, submittedIAProgramNames: [] });
  });

  it("measurement-level dates are honoured: a measurement's own 30 days do not count", async () => {
    const t = await total({ ...example, measurementSets: [{ ...iaSet, measurements: [{ measureId: 'IA_EPA_1', value: true, performanceStart: '2023-03-01', performanceEnd: '2023-03-30' }, { measureId: 'IA_PM_2', value: true, performanceStart: null, performanceEnd: null }] }] });
    const parts = setOf(t).parts;
    expect(parts.map((p: any) => [p.name, p.value, p.metadata.processingStatus])).toEqual([['IA_EPA_1', 0, 'NOT_PICKED'], ['IA_PM_2', 20, 'PICKED']]);
    expect(parts[0].metadata.messages.notCounted).toMatch(/30 continuous days.*at least 90/);
  });

  it('accepts fields it does not read when they are short scalars, nulls included', async () => {
    const res = await preview({ ...example, id: 'abc', createdAt: '2023-07-01T00:00:00Z', programName: 'mips', measurementSets: [{ ...iaSet, measureSet: null, submissionId: 'abc', cehrtId: null, measurements: iaSet.measurements.map((m: object, i: number) => ({ ...m, id: `m${i}` })) }] });
    expect(res.status).toBe(200);
  });
});

describe('QPP refusals name the QPP path', () => {
  it('400 for a missing, reversed or out-of-year period', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ performanceStart: undefined }, 'measurementSets[0].performanceStart', 'QPP_PERIOD_MISSING'],
      [{ performanceEnd: null }, 'measurementSets[0].performanceEnd', 'QPP_PERIOD_MISSING'],
      [{ performanceStart: '2023-06-02', performanceEnd: '2023-06-01' }, 'measurementSets[0].performanceEnd', 'QPP_PERIOD_REVERSED'],
      [{ performanceStart: '2022-10-01' }, 'measurementSets[0].performanceStart', 'QPP_PERIOD_OUTSIDE_YEAR'],
      [{ performanceEnd: '2024-01-31' }, 'measurementSets[0].performanceEnd', 'QPP_PERIOD_OUTSIDE_YEAR'],
      [{ measurements: [{ measureId: 'IA_EPA_1', value: true, performanceEnd: '2022-12-31' }] }, 'measurementSets[0].measurements[0].performanceEnd', 'QPP_PERIOD_OUTSIDE_YEAR'],
      [{ measurements: [{ measureId: 'IA_EPA_1', value: true, performanceStart: '2023-07-01' }] }, 'measurementSets[0].performanceEnd', 'QPP_PERIOD_REVERSED'],
    ];
    for (const [change, path, code] of cases) {
      const body = expectProblem(await preview({ ...example, measurementSets: [{ ...iaSet, ...change }] }), 400, 'invalid-submission');
      expect(body.errors[0], path).toMatchObject({ path, code });
    }
  });

  it('422 for an unknown activity, at its measurement; for another program; for an unknown MVP', async () => {
    const unknown = expectProblem(await preview({ ...example, measurementSets: [{ ...iaSet, measurements: [{ measureId: 'IA_EPA_1', value: false }, { measureId: 'IA_XYZ_1', value: true }] }] }), 422, 'unattestable-activity');
    expect(unknown.errors).toEqual([{ path: 'measurementSets[0].measurements[1].measureId', code: 'ACTIVITY_UNKNOWN', message: expect.stringContaining('IA_XYZ_1') }]);
    const program = expectProblem(await preview({ ...example, measurementSets: [{ ...iaSet, programName: 'ssp' }] }), 422, 'rejected');
    expect(program.errors[0]).toMatchObject({ path: 'measurementSets[0].programName', code: 'QPP_PROGRAM_UNSUPPORTED' });
    const mvp = expectProblem(await preview({ ...example, measurementSets: [{ ...iaSet, programName: 'G9999' }] }), 422, 'unknown-mvp');
    expect(mvp.errors[0].path).toBe('measurementSets[0].programName');
  });

  it('the MVP from context when programName is mips; a different MVP in both is a 400', async () => {
    const t = await total({ ...example, context: { mvpId: 'G0053' } });
    expect(setOf(t).metadata.programName).toBe('mips');
    const body = expectProblem(await preview({ ...example, context: { mvpId: 'G0054' }, measurementSets: [{ ...iaSet, programName: 'G0053' }] }), 400, 'invalid-submission');
    expect(body.errors[0]).toMatchObject({ path: 'context.mvpId', code: 'QPP_MVP_MISMATCH' });
  });

  it('404 for a year without a pack', async () => {
    expectProblem(await preview({ ...example, performanceYear: 2099, measurementSets: [{ ...iaSet, performanceStart: '2099-01-01', performanceEnd: '2099-06-01' }] }), 404, 'unknown-year');
  });

  it('400 for shape errors, with the QPP path', async () => {
    const cases: [unknown, string, string][] = [
      [{ ...example, measurementSets: [{ ...iaSet, measurements: [{ measureId: 'IA_EPA_1', value: 'true' }] }] }, 'measurementSets[0].measurements[0].value', 'SUBMISSION_TYPE'],
      [{ ...example, measurementSets: [{ ...iaSet, measurements: [{ measureId: 'IA_EPA_1', value: null }] }] }, 'measurementSets[0].measurements[0].value', 'SUBMISSION_TYPE'],
      [{ ...example, measurementSets: [{ ...iaSet, performanceStart: '01/01/2023' }] }, 'measurementSets[0].performanceStart', 'SUBMISSION_FORMAT'],
      [{ ...example, entityType: 'clinic' }, 'entityType', 'SUBMISSION_ENUM'],
      [{ ...example, measurementSets: [] }, 'measurementSets', 'SUBMISSION_SIZE'],
      [{ ...example, measurementSets: [{ category: 'dental' }] }, 'measurementSets[0].category', 'SUBMISSION_ENUM'],
      [{ ...example, context: { specialStatus: { rural: 'yes' } } }, 'context.specialStatus.rural', 'SUBMISSION_TYPE'],
      [{ ...example, context: { colour: 'blue' } }, 'context.colour', 'SUBMISSION_UNKNOWN_KEY'],
      [{ ...example, notes: { nested: true } }, 'notes', 'SUBMISSION_TYPE'],
      [{ data: { submission: { ...example, entityType: 'clinic' } } }, 'data.submission.entityType', 'SUBMISSION_ENUM'],
    ];
    for (const [input, path, code] of cases) {
      const body = expectProblem(await preview(input), 400, 'invalid-submission');
      expect(body.errors[0], path).toMatchObject({ path, code });
    }
  });
});

describe('schemas/qpp-score.schema.json', () => {
  it("accepts CMS's documented responses: the score object (engine 0.75) and the tutorial's answers", () => {
    const bare = externalJson('qpp-submissions-docs/scoring-example-output-ia.json');
    expectSchema('qpp-score.schema.json', { data: { score: bare } });
    for (const f of ['tutorial-advanced3-score-ia.json', 'tutorial-advanced5-score-ia-feedback.json', 'tutorial-basic2-score-total-metadata.json']) {
      expectSchema('qpp-score.schema.json', externalJson(`qpp-submissions-docs/${f}`));
    }
  });

  it("refuses what CMS's shape does not allow: messages as arrays (the old answer), a part without a name", () => {
    const bare = externalJson('qpp-submissions-docs/scoring-example-output-ia.json');
    const arrays = structuredClone(bare);
    arrays.parts[0].original.parts[0].metadata.messages = { warnings: ['x'] };
    const unnamed = structuredClone(bare);
    delete unnamed.parts[1].name;
    for (const bad of [arrays, unnamed]) expect(() => expectSchema('qpp-score.schema.json', { data: { score: bad } })).toThrow();
  });
});

describe('schemas/qpp-submission.schema.json', () => {
  it('defines context fields exactly as the native submission schema does', () => {
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
