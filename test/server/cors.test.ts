// CORS (CORS_ORIGINS): the listed origins may call /v1/* from a browser; no other origin gets a CORS header.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { app } from './helpers.js';

const ORIGIN = 'https://analyst.example.org';
const server = app({ config: { corsOrigins: [ORIGIN, 'http://localhost:5173'] } });

describe('CORS_ORIGINS', () => {
  it('answers a preflight from a listed origin 204, with the origin, GET and POST, content-type and a max age', async () => {
    const res = await request(server).options('/v1/score').set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type').expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-allow-methods']).toBe('GET,POST');
    expect(res.headers['access-control-allow-headers']).toBe('Content-Type');
    expect(res.headers['access-control-max-age']).toBe('600');
  });

  it('names a listed origin on GET and POST answers', async () => {
    const get = await request(server).get('/v1/years').set('Origin', ORIGIN).expect(200);
    expect(get.headers['access-control-allow-origin']).toBe(ORIGIN);
    const post = await request(server).post('/v1/score').set('Origin', 'http://localhost:5173').send({ performanceYear: 2023 }).expect(200);
    expect(post.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('gives another origin, or a page outside /v1, no CORS header', async () => {
    const preflight = await request(server).options('/v1/score').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const get = await request(server).get('/v1/years').set('Origin', 'https://analyst.example.org.evil.example').expect(200);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    const page = await request(server).get('/openapi.json').set('Origin', ORIGIN);
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('is off by default', async () => {
    const res = await request(app()).get('/v1/years').set('Origin', ORIGIN).expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });

  it('reads exact origins, comma-separated, and refuses anything else by name', () => {
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example , http://localhost:5173' }).corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/app' })).toThrow(ConfigError);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow('CORS_ORIGINS: * is not an origin; expected scheme://host[:port], e.g. https://app.example.org');
  });
});
