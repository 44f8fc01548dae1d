// POST /v1/impact: a change (two years, or a draft pack) over a corpus given as NDJSON text, as an
// array, or generated; the same report as the engine's impact() (mips-ia impact --json).
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../engine/corpus/generate.js';
import { impact } from '../../engine/impact/impact.js';
import type { Submission } from '../../engine/score/submission.js';
import { app, bundledPacks, expectProblem, expectSchema } from './helpers.js';

const server = app();
const corpus: Submission[] = [];

beforeAll(async () => {
  for await (const s of generateCorpus(bundledPacks(), 2019, 300, 7)) corpus.push(s);
}, 60_000);

const DRAFT = `year: 2020
extends: 2019
title: What if 2020 had kept the one-clinician rule but ended the study?
sources: { whatIf: { citation: "an analyst's question" } }
rules:
  cms-study: null
`;

describe('POST /v1/impact', () => {
  it('two years over a generated corpus: the engine report (schemas/impact.schema.json), the group threshold the top cause', async () => {
    const res = await request(server).post('/v1/impact').send({ from: 2019, to: 2020, generate: { year: 2019, count: 300, seed: 7 } }).expect(200);
    expectSchema('impact.schema.json', res.body);
    const packs = bundledPacks();
    const side = (year: number) => ({ packs, year, label: String(year) });
    expect(res.body).toEqual(await impact(side(2019), side(2020), corpus, { topCauses: 10 }));
    expect(res.body).toMatchObject({ format: 'mips-ia.impact.v1', from: { year: 2019, label: '2019' }, to: { year: 2020, label: '2020' }, total: 300, invalid: 0 });
    expect(res.body.down).toBeGreaterThan(0);
    expect(res.body.histogram).toContainEqual({ delta: -20, count: expect.any(Number) });
    expect(res.body.causes[0]).toMatchObject({ key: 'parameter:thresholds.groupActivityMinShare', kind: 'parameter' });
  });

  it('the corpus as NDJSON text or as an array gives the same report; invalid lines are counted, top bounds the causes', async () => {
    const ndjson = `${corpus.map((s) => JSON.stringify(s)).join('\n')}\n\n`;
    const text = await request(server).post('/v1/impact').send({ from: 2019, to: 2020, corpus: ndjson }).expect(200);
    const array = await request(server).post('/v1/impact').send({ from: 2019, to: 2020, corpus }).expect(200);
    expect(text.body).toEqual(array.body);
    expect(text.body.total).toBe(300);
    const junk = await request(server).post('/v1/impact').send({ from: 2019, to: 2020, top: 1, corpus: `${ndjson}not json\n{"performanceYear":2019,"activities":"none"}\n` }).expect(200);
    expectSchema('impact.schema.json', junk.body);
    expect(junk.body).toMatchObject({ total: 302, invalid: 2, compared: text.body.compared });
    expect(junk.body.causes).toHaveLength(1);
  });

  it('a draft pack against the year it extends: labelled by its name; only its change is a cause', async () => {
    const res = await request(server).post('/v1/impact').send({ draft: DRAFT, draftName: 'no-study.yaml', corpus }).expect(200);
    expectSchema('impact.schema.json', res.body);
    expect(res.body).toMatchObject({ from: { year: 2019, label: '2019' }, to: { year: 2020, label: 'no-study.yaml (2020)' }, total: 300, up: 0, missing: { from: 0, to: 0 } });
    expect(res.body.changed).toBeGreaterThan(0);
    expect(res.body.causes.map((c: { key: string }) => c.key)).toEqual(['rule:cms-study']);
    const explicit = await request(server).post('/v1/impact').send({ from: 2019, draft: DRAFT, corpus }).expect(200);
    expect(explicit.body.to.label).toBe('draft.yaml (2020)');
  });

  it('an invalid draft: 422 with each pack error at its line, as /v1/packs/validate', async () => {
    const broken = 'year: 2020\nextends: 2019\ntitle: x\nsources: { a: { citation: b } }\ninventory:\n  removed: [IA_NOPE_1]\n';
    const body = expectProblem(await request(server).post('/v1/impact').send({ draft: broken, corpus }), 422, 'invalid-pack');
    expect(body.errors).toContainEqual(expect.objectContaining({ code: 'PACK_NOT_PRESENT', file: 'draft.yaml', line: 6 }));
  });

  it('the request shape: one corpus, one change, known years, bounded size', async () => {
    const post = (b: unknown) => request(server).post('/v1/impact').send(b as object);
    const gen = { year: 2019, count: 10, seed: 1 };
    expect(expectProblem(await post({ from: 2019, to: 2020 }), 400, 'invalid-request').errors[0]).toMatchObject({ code: 'REQUEST_REQUIRED' });
    expect(expectProblem(await post({ from: 2019, to: 2020, corpus, generate: gen }), 400, 'invalid-request').errors[0]).toMatchObject({ code: 'REQUEST_EXCLUSIVE' });
    expect(expectProblem(await post({ from: 2019, to: 2020, draft: DRAFT, generate: gen }), 400, 'invalid-request').errors[0]).toMatchObject({ path: 'draft', code: 'REQUEST_EXCLUSIVE' });
    expect(expectProblem(await post({ from: 2019, generate: gen }), 400, 'invalid-request').errors[0]).toMatchObject({ path: 'to', code: 'REQUEST_REQUIRED' });
    expect(expectProblem(await post({ from: 2019, to: 2020, generate: { year: 2019, count: 5001 } }), 400, 'invalid-request').errors[0]).toMatchObject({ path: 'generate.count' });
    expect(expectProblem(await post({ from: 2019, to: 2020, corpus: [...Array(5001)].map(() => corpus[0]) }), 400, 'invalid-request').errors[0]).toMatchObject({ path: 'corpus' });
    const tooMany = Array(5001).fill('{}').join('\n');
    expect(expectProblem(await post({ from: 2019, to: 2020, corpus: tooMany }), 400, 'invalid-request').detail).toMatch(/5001 submissions; at most 5000/);
    expectProblem(await post({ from: 2019, to: 2020, corpus: '\n\n' }), 400, 'invalid-request');
    expectProblem(await post({ from: 2019, to: 2020, corpus, colour: 'red' }), 400, 'invalid-request');
    expectProblem(await post({ from: 2019, to: 2020, draftName: 'x.yaml', corpus }), 400, 'invalid-request');
    expect(expectProblem(await post({ from: 2019, to: 1999, corpus }), 404, 'unknown-year').years).toContain(2024);
    expectProblem(await post({ from: 2019, to: 2020, generate: { year: 1999, count: 1 } }), 404, 'unknown-year');
    expectProblem(await request(server).post('/v1/impact').set('Content-Type', 'text/plain').send('x'), 415, 'unsupported-media-type');
    expectProblem(await request(server).get('/v1/impact'), 405, 'method-not-allowed');
    const small = app({ config: { impactBodyLimit: 2048 } });
    expectProblem(await request(small).post('/v1/impact').send({ from: 2019, to: 2020, corpus }), 413, 'payload-too-large');
  });

  it('is in the OpenAPI document with its request and report schemas', async () => {
    const { body } = await request(server).get('/openapi.json').expect(200);
    const op = body.paths['/v1/impact'].post;
    expect(op.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ImpactRequest' });
    expect(op.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Impact' });
    expect(op.responses['422'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
  });
});
