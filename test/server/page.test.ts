// The analyst's page as files: / serves dist/web/index.html with a same-origin-only CSP, its
// assets gzipped when asked; the API beside it is unchanged; an unbuilt page says how to build it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIR } from '../../server/web.js';
import { app, expectProblem } from './helpers.js';

const empty = mkdtempSync(join(tmpdir(), 'mips-ia-web-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('the page at /', () => {
  beforeAll(() => {
    // npm test builds it first (pretest: npm run build).
    expect(existsSync(join(WEB_DIR, 'index.html')), `${WEB_DIR}/index.html: run npm run build`).toBe(true);
  });
  const server = app();

  it('GET / is the page; its CSP allows its own scripts, styles and API only', async () => {
    const res = await request(server).get('/').expect(200).expect('Content-Type', /text\/html/);
    expect(res.text).toContain('<script type="module" src="/assets/app.js"></script>');
    expect(res.text).not.toMatch(/src=["']https?:|href=["']https?:|<style|style=/);
    const csp = res.headers['content-security-policy'];
    expect(csp.split(';')).toEqual(expect.arrayContaining(["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "object-src 'none'"]));
    expect(csp).not.toMatch(/unsafe|https?:|\*|data:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    await request(server).head('/').expect(200);
  });

  it('serves its bundle gzipped to a client that asks, with revalidation', async () => {
    const js = await request(server).get('/assets/app.js').set('Accept-Encoding', 'gzip').expect(200).expect('Content-Type', /javascript/);
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(js.headers['cache-control']).toBe('no-cache');
    expect(js.headers.etag).toBeDefined();
    await request(server).get('/assets/app.css').expect(200).expect('Content-Type', /text\/css/);
    await request(server).get('/favicon.svg').expect(200).expect('Content-Type', /image\/svg/);
  });

  it('leaves the API, the docs and the errors as they were', async () => {
    await request(server).get('/v1/years').expect(200).expect('Content-Type', /application\/json/);
    await request(server).get('/healthz').expect(200);
    const docs = await request(server).get('/docs').expect(200);
    expect(docs.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'"); // Redoc's own CSP (test/server/openapi.test.ts)
    expectProblem(await request(server).post('/').send({}), 404, 'not-found');
    expectProblem(await request(server).get('/assets/../package.json'), 404, 'not-found');
    expectProblem(await request(server).get('/sizes.json'), 404, 'not-found');
  });

  it('unbuilt: GET / is a 404 that says to build the page', async () => {
    const body = expectProblem(await request(app({ webDir: empty })).get('/'), 404, 'not-found');
    expect(body.detail).toContain('the page is not built: run npm run build');
  });
});
