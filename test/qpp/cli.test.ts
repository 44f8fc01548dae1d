// mips-ia qpp score|convert on CMS's files: the same answers as the routes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../fixtures/run-cli.js';
import { app } from '../server/helpers.js';
import { EXTERNAL, externalJson, externalText } from './external.js';

const dir = mkdtempSync(join(tmpdir(), 'mips-ia-qpp-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const server = app();
const xmlFile = (name: string) => join(EXTERNAL, 'qpp-conversion-tool', name);

describe('mips-ia qpp score', () => {
  it('prints what POST /v1/qpp/score-preview answers, for a QPP JSON file and for a QRDA III file', async () => {
    const json = join(EXTERNAL, 'qpp-submissions-docs', 'scoring-example-submission-input.json');
    const fromRoute = (await request(server).post('/v1/qpp/score-preview').send(externalJson('qpp-submissions-docs/scoring-example-submission-input.json'))).body;
    const out = await cli(['qpp', 'score', json]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual(fromRoute);

    const xml = externalText('qpp-conversion-tool/valid-QRDA-III-latest.2024.xml');
    const xmlRoute = (await request(server).post('/v1/qpp/score-preview').set('Content-Type', 'application/xml').send(xml)).body;
    const xmlOut = await cli(['qpp', 'score', xmlFile('valid-QRDA-III-latest.2024.xml')]);
    expect(xmlOut.code).toBe(0);
    expect(JSON.parse(xmlOut.stdout)).toEqual(xmlRoute);
    expect(xmlOut.stderr).toMatch(/^mips-ia: warning: the eCQM measure section/);
  });

  it('--explain and --profiles as the route has them', async () => {
    const profiles = join(dir, 'p.csv');
    writeFileSync(profiles, 'tin,npi,apm.participation\n000777777,,mipsApm\n');
    const out = await cli(['qpp', 'score', '--explain', '--profiles', profiles, xmlFile('App1-Group-QRDA-III.2022.xml')]);
    expect(out.code).toBe(0);
    const body = JSON.parse(out.stdout);
    expect(body.data.score.value).toBe(20);
    expect(body.data.mipsIa.sets[0].result.basis).toContain('app');
  });

  it('a refusal is a message naming the path or the line, exit 1', async () => {
    const refused = await cli(['qpp', 'score', xmlFile('negative-iaSectionContainsWrongChild.xml')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\/ClinicalDocument\/component\/structuredBody\/component\/section\/entry\[2\]\/organizer \(line 203, column 52\): QRDA_IA_WRONG_CHILD/);
    const period = await cli(['qpp', 'score', xmlFile('demo-mips-virtual-group.xml')]);
    expect(period.code).toBe(1);
    expect(period.stderr).toMatch(/measurementSets\[1\]\.performanceStart: QPP_PERIOD_OUTSIDE_YEAR: 2020-01-01 is outside performance year 2022/);
    const notJson = join(dir, 'x.txt');
    writeFileSync(notJson, 'hello');
    expect((await cli(['qpp', 'score', notJson])).code).toBe(1);
  });
});

describe('mips-ia qpp convert', () => {
  it("prints the converter's round-trip JSON", async () => {
    const out = await cli(['qpp', 'convert', xmlFile('valid-QRDA-III-abridged.xml')]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual(externalJson('qpp-conversion-tool/clinicalDocument.expected.json'));
  });

  it('refuses a DOCTYPE with its line, exit 1', async () => {
    const f = join(dir, 'd.xml');
    writeFileSync(f, '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>');
    const out = await cli(['qpp', 'convert', f]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^mips-ia: XML_DOCTYPE: .*\(line 2, column \d+\)/);
  });
});
