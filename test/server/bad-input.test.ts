// Hostile and broken input: each answered with a clear 4xx problem, never a 500, never a stack.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { app, expectProblem } from './helpers.js';

const server = app();
const JSON_ENDPOINTS = ['/v1/score', '/v1/years/2023/score', '/v1/qpp/score-preview'];

function post(path: string, text: string, type = 'application/json') {
  return request(server).post(path).set('Content-Type', type).send(text);
}

describe('malformed JSON', () => {
  it('400 with where the parser stopped', async () => {
    for (const path of JSON_ENDPOINTS) {
      const body = expectProblem(await post(path, '{"performanceYear": 2023,'), 400, 'invalid-json');
      expect(body.detail).toMatch(/^the body is not valid JSON: /);
      expect(body.errors[0]).toMatchObject({ path: '', code: 'JSON_SYNTAX' });
    }
    expectProblem(await post('/v1/score', "{'single': 'quotes'}"), 400, 'invalid-json');
    expectProblem(await post('/v1/score', '{"a": 1} trailing'), 400, 'invalid-json');
  });

  it('400 for an empty body and for no body at all', async () => {
    expect(expectProblem(await post('/v1/score', ''), 400, 'invalid-request').detail).toMatch(/no body/);
    expect(expectProblem(await post('/v1/score', '   \n'), 400, 'invalid-json').detail).toBe('the body is empty; expected a JSON object');
    expectProblem(await request(server).post('/v1/score'), 400, 'invalid-request');
  });

  it('400 for bytes that are not UTF-8', async () => {
    // supertest would serialize a Buffer as JSON; write the bytes as they are.
    const res = await new Promise<request.Response>((resolve, reject) => {
      const req = request(server).post('/v1/score').set('Content-Type', 'application/json').set('Content-Length', '4');
      req.write(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
      req.end((err, r) => (err ? reject(err) : resolve(r)));
    });
    expect(expectProblem(res, 400, 'invalid-request').detail).toBe('the body is not valid UTF-8');
  });
});

describe('prototype keys', () => {
  it('400 for __proto__, constructor or prototype anywhere, with the path', async () => {
    const cases: [string, string][] = [
      ['{"performanceYear": 2023, "__proto__": {"polluted": true}}', '__proto__'],
      ['{"performanceYear": 2023, "constructor": {"prototype": {"polluted": true}}}', 'constructor'],
      ['{"performanceYear": 2023, "activities": [{"id": "IA_EPA_1", "__proto__": {"x": 1}}]}', 'activities[0].__proto__'],
      ['{"performanceYear": 2023, "specialStatus": {"prototype": true}}', 'specialStatus.prototype'],
    ];
    for (const path of JSON_ENDPOINTS) {
      for (const [text, at] of cases) {
        const body = expectProblem(await post(path, text), 400, 'invalid-json');
        expect(body.errors).toEqual([{ path: at, code: 'JSON_FORBIDDEN_KEY', message: expect.stringContaining('prototype pollution') }]);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a key that merely contains the word is fine', async () => {
    const res = await post('/v1/score', '{"performanceYear": 2023, "activities": [{"id": "IA_EPA_1"}]}');
    expect(res.status).toBe(200);
  });
});

describe('deeply nested JSON', () => {
  it('400 for 10,000 levels, before parsing', async () => {
    for (const text of ['['.repeat(10_000) + ']'.repeat(10_000), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)]) {
      for (const path of JSON_ENDPOINTS) {
        const body = expectProblem(await post(path, text), 400, 'invalid-json');
        expect(body.detail).toBe('the JSON nests far deeper than 32 levels');
        expect(body.errors[0].code).toBe('JSON_TOO_DEEP');
      }
    }
  });

  it('counts brackets inside strings as text', async () => {
    const res = await post('/v1/score', JSON.stringify({ performanceYear: 2023, mvpId: '['.repeat(100) }));
    expect(expectProblem(res, 400, 'invalid-submission').errors[0].path).toBe('mvpId');
  });
});

describe('huge arrays and strings', () => {
  const zeros = (n: number) => `[${new Array(n).fill(0).join(',')}]`;

  it('400 for a 100,000-element array (maxItems), not a slow answer', async () => {
    const started = Date.now();
    const native = expectProblem(await post('/v1/score', `{"performanceYear": 2023, "activities": ${zeros(100_000)}}`), 400, 'invalid-submission');
    expect(native.errors[0]).toMatchObject({ path: 'activities', code: 'SUBMISSION_SIZE' });
    const qpp = expectProblem(await post('/v1/qpp/score-preview', `{"entityType": "individual", "performanceYear": 2023, "measurementSets": [{"category": "ia", "measurements": ${zeros(100_000)}}]}`), 400, 'invalid-submission');
    expect(qpp.errors[0]).toMatchObject({ path: 'measurementSets[0].measurements', code: 'SUBMISSION_SIZE' });
    expectProblem(await post('/v1/score', zeros(100_000)), 400, 'invalid-submission');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('400 for a 1 MB string where a short one belongs', async () => {
    const mb = 'x'.repeat(1_000_000);
    const cases: [string, unknown, string][] = [
      ['/v1/score', { performanceYear: 2023, mvpId: mb }, 'mvpId'],
      ['/v1/score', { performanceYear: 2023, activities: [{ id: mb }] }, 'activities[0].id'],
      ['/v1/qpp/score-preview', { entityType: 'individual', performanceYear: 2023, measurementSets: [{ category: 'ia', submissionMethod: mb }] }, 'measurementSets[0].submissionMethod'],
      ['/v1/qpp/score-preview', { entityType: 'individual', performanceYear: 2023, measurementSets: [], registryNote: mb }, 'registryNote'],
    ];
    for (const [path, input, at] of cases) {
      const body = expectProblem(await post(path, JSON.stringify(input)), 400, 'invalid-submission');
      expect(body.errors[0].path).toBe(at);
      expect(JSON.stringify(body).length).toBeLessThan(2000); // the string is not echoed back
    }
    expectProblem(await post('/v1/score', JSON.stringify(mb)), 400, 'invalid-submission');
  });

  it('413 for a body over 1 MiB, whatever it holds', async () => {
    const big = JSON.stringify({ performanceYear: 2023, pad: 'x'.repeat(1024 * 1024) });
    for (const path of JSON_ENDPOINTS) {
      const body = expectProblem(await post(path, big), 413, 'payload-too-large');
      expect(body.detail).toBe('the body is larger than the limit of 1 MiB');
    }
    expectProblem(await post('/v1/packs/validate', 'a'.repeat(1024 * 1024 + 1), 'text/yaml'), 413, 'payload-too-large');
  });

  it('the limit is configurable', async () => {
    const small = app({ config: { bodyLimit: 2048 } });
    const res = await request(small).post('/v1/score').send({ performanceYear: 2023, pad: 'x'.repeat(3000) });
    expect(expectProblem(res, 413, 'payload-too-large').detail).toBe('the body is larger than the limit of 2 KiB');
  });
});

describe('wrong types and nulls', () => {
  it('400 for numbers as strings', async () => {
    const cases: [object, string][] = [
      [{ performanceYear: '2023' }, 'performanceYear'],
      [{ performanceYear: 2023, clinicians: { total: '12' } }, 'clinicians.total'],
      [{ performanceYear: 2023, activities: [{ id: 'IA_EPA_1', cliniciansPerforming: '3' }] }, 'activities[0].cliniciansPerforming'],
      [{ performanceYear: 2023, pcmh: 'true' }, 'pcmh'],
    ];
    for (const [input, at] of cases) {
      const body = expectProblem(await request(server).post('/v1/score').send(input), 400, 'invalid-submission');
      expect(body.errors[0]).toMatchObject({ path: at, code: 'SUBMISSION_TYPE' });
    }
    const qpp = expectProblem(await request(server).post('/v1/qpp/score-preview').send({ entityType: 'individual', performanceYear: '2023', measurementSets: [] }), 400, 'invalid-submission');
    expect(qpp.errors[0].path).toBe('performanceYear');
  });

  it('400 for null in every field', async () => {
    const fields = ['performanceYear', 'entityType', 'reportingOption', 'mvpId', 'specialStatus', 'clinicians', 'practiceSites', 'pcmh', 'apm', 'cmsStudy', 'euc', 'otherCategories', 'activities'];
    for (const field of fields) {
      const body = expectProblem(await request(server).post('/v1/score').send({ performanceYear: 2023, [field]: null }), 400, 'invalid-submission');
      expect(body.errors[0].path, field).toBe(field);
    }
    const everywhere = Object.fromEntries(fields.map((f) => [f, null]));
    expectProblem(await request(server).post('/v1/score').send(everywhere), 400, 'invalid-submission');
    expectProblem(await request(server).post('/v1/qpp/score-preview').send({ entityType: null, performanceYear: null, measurementSets: null, context: null }), 400, 'invalid-submission');
    expectProblem(await request(server).post('/v1/qpp/score-preview').send({ entityType: 'individual', performanceYear: 2023, measurementSets: [null] }), 400, 'invalid-submission');
    expectProblem(await request(server).post('/v1/score').send({ performanceYear: 2023, activities: [null, { id: null }] }), 400, 'invalid-submission');
    expectProblem(await post('/v1/score', 'null'), 400, 'invalid-submission');
  });
});

describe('content types', () => {
  it('415 for a body that is not JSON by its type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const body = expectProblem(await post('/v1/score', '{"performanceYear": 2023}', type), 415, 'unsupported-media-type');
      expect(body.detail).toContain('expected application/json');
    }
    const missing = await request(server).post('/v1/score').set('Content-Length', '2').unset('Content-Type').send(Buffer.from('{}'));
    expectProblem(missing, 415, 'unsupported-media-type');
  });

  it('415 for a charset other than UTF-8, and for an unknown content encoding', async () => {
    expectProblem(await post('/v1/score', '{"performanceYear": 2023}', 'application/json; charset=latin1'), 415, 'unsupported-media-type');
    const res = await request(server).post('/v1/score').set('Content-Type', 'application/json').set('Content-Encoding', 'compress').send('{"performanceYear": 2023}');
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('415 for a pack that is not sent as YAML or text', async () => {
    expectProblem(await post('/v1/packs/validate', '{"year": 2025}', 'application/json'), 415, 'unsupported-media-type');
  });
});

describe('routes and methods', () => {
  it('404 for an unknown route', async () => {
    for (const path of ['/v2/years', '/assets/nope.js', '/index.htm', '/v1/year', '/v1/years/2023/activities/IA_EPA_1/extra', '/.env']) {
      const body = expectProblem(await request(server).get(path), 404, 'not-found');
      expect(body.detail).toContain('no route GET');
    }
    expectProblem(await request(server).post('/v1/nothing').send({}), 404, 'not-found');
  });

  it('405 with Allow for a wrong method', async () => {
    const cases: [string, 'put' | 'delete' | 'post' | 'get' | 'patch', string][] = [
      ['/v1/years', 'post', 'GET, HEAD, OPTIONS'],
      ['/v1/years/2023', 'delete', 'GET, HEAD, OPTIONS'],
      ['/v1/score', 'get', 'POST, OPTIONS'],
      ['/v1/years/2023/score', 'put', 'POST, OPTIONS'],
      ['/v1/qpp/score-preview', 'patch', 'POST, OPTIONS'],
      ['/v1/packs/validate', 'get', 'POST, OPTIONS'],
      ['/healthz', 'post', 'GET, HEAD, OPTIONS'],
    ];
    for (const [path, method, allow] of cases) {
      const res = await request(server)[method](path);
      const body = expectProblem(res, 405, 'method-not-allowed');
      expect(res.headers.allow).toBe(allow);
      expect(body.allow).toEqual(allow.split(', ').filter((m) => m !== 'OPTIONS'));
    }
  });

  it('OPTIONS answers 204 with Allow; HEAD works where GET does', async () => {
    const options = await request(server).options('/v1/score').expect(204);
    expect(options.headers.allow).toBe('POST, OPTIONS');
    await request(server).head('/v1/years').expect(200);
  });

  it('400 for a path that is not valid %-encoding', async () => {
    expectProblem(await request(server).get('/v1/years/%E0%A4%A'), 400, 'invalid-request');
  });

  it('400 for query parameters an endpoint does not take', async () => {
    const body = expectProblem(await request(server).get('/v1/years?__proto__=1'), 400, 'invalid-request');
    expect(body.detail).toBe('query parameter __proto__: this endpoint takes no query parameters');
  });
});
