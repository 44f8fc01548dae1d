// QRDA III over HTTP: POST /v1/qpp/convert, and POST /v1/qpp/score-preview with application/xml,
// on CMS's own documents (test/reference/external/qpp-conversion-tool/); the profiles file filling
// a submission's context by TIN and NPI. Expected scores: the rules on CMS's inventory weights.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { DISCLAIMER } from '../../engine/qpp/cms-score.js';
import { ProfileStore } from '../../server/profile-store.js';
import { externalJson, externalText, weightedPoints } from '../qpp/external.js';
import { app, expectProblem, expectSchema, qppReference } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mips-ia-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const server = app();
const file = (name: string) => externalText(`qpp-conversion-tool/${name}`);
const xml = (path: string, body: string, to = server) => request(to).post(path).set('Content-Type', 'application/xml').send(body);

describe('POST /v1/qpp/convert', () => {
  it("answers the converter's own round-trip JSON for valid-QRDA-III-abridged.xml", async () => {
    const res = await xml('/v1/qpp/convert', file('valid-QRDA-III-abridged.xml'));
    expect(res.status).toBe(200);
    expect(res.text).toBe(JSON.stringify(externalJson('qpp-conversion-tool/clinicalDocument.expected.json')));
    expect(res.headers['x-conversion-warnings']).toBeUndefined();
  });

  it('names what it left out in X-Conversion-Warnings (a JSON array)', async () => {
    const res = await xml('/v1/qpp/convert', file('valid-QRDA-III-latest.2024.xml'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.headers['x-conversion-warnings'])).toEqual([expect.stringMatching(/^the eCQM measure section \(quality\)/)]);
  });

  it('the 1.2 MB group sample fits the XML limit (4 MiB by default), a larger body is a 413', async () => {
    expect((await xml('/v1/qpp/convert', file('MIPS_GROUP_QRDA_III_PI_IA_Sample1.2018.xml'))).status).toBe(200);
    const small = app({ config: { xmlBodyLimit: 100_000 } });
    expectProblem(await xml('/v1/qpp/convert', file('MIPS_GROUP_QRDA_III_PI_IA_Sample1.2018.xml'), small), 413, 'payload-too-large');
  });

  it("422 invalid-qrda for the converter's negative files, naming the element and its line", async () => {
    const cases: [string, string][] = [
      ['negative-iaSectionMissingMeasures.xml', 'QRDA_IA_NO_ACTIVITY'],
      ['negative-iaSectionMissingReportingParameter.xml', 'QRDA_IA_REPORTING_PARAMETERS'],
      ['negative-iaSectionContainsWrongChild.xml', 'QRDA_IA_WRONG_CHILD'],
      ['negative-MIPS_Invalid_IA_Performance_Period.2020.xml', 'QRDA_IA_REPORTING_PARAMETERS'],
    ];
    for (const [name, code] of cases) {
      const body = expectProblem(await xml('/v1/qpp/convert', file(name)), 422, 'invalid-qrda');
      expect(body.errors[0], name).toMatchObject({ code, path: expect.stringMatching(/^\/ClinicalDocument\//), line: expect.any(Number), col: expect.any(Number) });
    }
  });

  it('400 invalid-xml for a DOCTYPE, an entity or broken XML; 415 for JSON', async () => {
    const doctype = expectProblem(await xml('/v1/qpp/convert', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'), 400, 'invalid-xml');
    expect(doctype.errors[0]).toMatchObject({ code: 'XML_DOCTYPE', line: 1 });
    expect(expectProblem(await xml('/v1/qpp/convert', '<a><b></a>'), 400, 'invalid-xml').errors[0].code).toBe('XML_SYNTAX');
    expectProblem(await request(server).post('/v1/qpp/convert').send({ a: 1 }), 415, 'unsupported-media-type');
  });
});

describe('POST /v1/qpp/score-preview with a QRDA III document', () => {
  const score = async (name: string, to = server) => {
    const res = await xml('/v1/qpp/score-preview', file(name), to);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectSchema('qpp-score.schema.json', res.body);
    return res.body.data.score;
  };

  it('scores the IA section of each year: what the rules give on the inventory of that year', async () => {
    for (const [name, year] of [['valid-QRDA-III-latest-2018.xml', 2018], ['valid-QRDA-III-latest.2024.xml', 2024], ['valid-QRDA-III-latest.2025.xml', 2025]] as const) {
      const t = await score(name);
      const points = weightedPoints(year, ['IA_EPA_3', 'IA_CC_10']);
      expect(t.parts[0].original.value, name).toBe(points);
      expect(t.parts[0].original.detail).toBe('Picked the highest scoring measurement set electronicHealthRecord');
      expect(t.warnings.slice(0, 2)).toEqual([DISCLAIMER, expect.stringMatching(/^the eCQM measure section/)]);
      expect(t.warnings[2]).toBe('measurementSets[0] (category pi) is ignored: this service scores improvement activities only');
    }
  });

  it('the 2018 group sample: 84 activities and IA_PCMH, full credit', async () => {
    const t = await score('MIPS_GROUP_QRDA_III_PI_IA_Sample1.2018.xml');
    expect(t).toMatchObject({ value: 15, metadata: { iaCategoryScore: 40 } });
  });

  it('refuses where CMS refuses: an unknown MVP, an IA period outside the year, an APP group without APM participation', async () => {
    const mvp = expectProblem(await xml('/v1/qpp/score-preview', file('valid-QRDA-III-abridged.xml')), 422, 'rejected');
    expect(mvp.errors[0]).toMatchObject({ path: 'measurementSets[1].programName', code: 'QPP_PROGRAM_UNSUPPORTED' });
    const period = expectProblem(await xml('/v1/qpp/score-preview', file('demo-mips-virtual-group.xml')), 400, 'invalid-submission');
    expect(period.errors[0]).toMatchObject({ path: 'measurementSets[1].performanceStart', code: 'QPP_PERIOD_OUTSIDE_YEAR' });
    const app1 = expectProblem(await xml('/v1/qpp/score-preview', file('App1-Group-QRDA-III.2022.xml')), 422, 'rejected');
    expect(app1.errors[0]).toMatchObject({ code: 'APP_REQUIRES_MIPS_APM' });
    expectProblem(await xml('/v1/qpp/score-preview', file('negative-iaSectionMissingMeasures.xml')), 422, 'invalid-qrda');
  });

  it("with a profile of the group's TIN (APM participation from CMS's records), the App1 group scores: APP full credit at 20%", async () => {
    const profiles = join(dir, 'app1.json');
    writeFileSync(profiles, JSON.stringify({ '000777777': { apm: { participation: 'mipsApm' } } }));
    const t = await score('App1-Group-QRDA-III.2022.xml', app({ profiles: new ProfileStore(profiles) }));
    expect(t).toMatchObject({ value: 20, metadata: { maxContributionIA: 20, givenAPMParticipationCredit: true, pickedProgramName: 'app1' } });
  });
});

describe('the profiles file (PROFILES_FILE)', () => {
  const example = qppReference('submission-example-ia.json'); // TIN 000456789, NPI 9876543210
  const oneMedium = { ...example, measurementSets: [{ ...example.measurementSets[0], measurements: [{ measureId: 'IA_EPA_4', value: true }] }] };
  const points = async (to: ReturnType<typeof app>, body: unknown) => {
    const res = await request(to).post('/v1/qpp/score-preview').send(body as object);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data.score.parts[0].original.value as number;
  };

  it('JSON keyed by TIN and TIN:NPI: the NPI profile over the TIN one, the request context over both', async () => {
    const f = join(dir, 'p.json');
    writeFileSync(f, JSON.stringify({ '000456789': { specialStatus: { rural: true } }, '000456789:9876543210': { euc: true } }));
    const to = app({ profiles: new ProfileStore(f) });
    expect(await points(to, oneMedium)).toBe(20); // rural doubles the medium's 10 (RULES.md section 1)
    expect(await points(to, { ...oneMedium, context: { specialStatus: { rural: false } } })).toBe(10);
    expect(await points(to, { ...oneMedium, taxpayerIdentificationNumber: '000000001' })).toBe(10);
  });

  it('CSV with context field paths as columns', async () => {
    const f = join(dir, 'p.csv');
    writeFileSync(f, 'tin,npi,specialStatus.smallPractice,apm.participation\n000456789,,true,\n000000002,1234567890,,otherApm\n');
    const store = new ProfileStore(f);
    expect(store.profiles?.lookup('000456789', '9876543210')).toEqual({ specialStatus: { smallPractice: true } });
    expect(store.profiles?.lookup('000000002', '1234567890')).toEqual({ apm: { participation: 'otherApm' } });
    expect(await points(app({ profiles: store }), oneMedium)).toBe(20);
  });

  it('a bad file names the entry; a reload keeps the previous profiles when the file breaks', () => {
    const f = join(dir, 'r.json');
    writeFileSync(f, JSON.stringify({ '12345': {} }));
    expect(() => new ProfileStore(f)).toThrow(/profile 12345: the key '12345' is not a TIN/);
    writeFileSync(f, JSON.stringify({ '000456789': { specialStatus: { rural: 'yes' } } }));
    expect(() => new ProfileStore(f)).toThrow(/profile 000456789: specialStatus\.rural must be boolean/);
    writeFileSync(f, JSON.stringify({ '000456789': { euc: true } }));
    const store = new ProfileStore(f);
    writeFileSync(f, '{ not json');
    expect(store.reload()).toMatchObject({ ok: false, message: expect.stringMatching(/not JSON/) });
    expect(store.profiles?.lookup('000456789', null)).toEqual({ euc: true });
    writeFileSync(f, JSON.stringify({ '000456789': { cmsStudy: true } }));
    expect(store.reload()).toEqual({ ok: true, size: 1 });
    expect(store.profiles?.lookup('000456789', null)).toEqual({ cmsStudy: true });
  });
});
