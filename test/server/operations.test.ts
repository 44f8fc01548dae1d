// Operations: request ids and logs, security headers, health and readiness, metrics, load
// limits (503, 429), reloading over HTTP, and configuration from the environment.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledPacksDir } from '../../engine/paths.js';
import { ConfigError, DEFAULTS, loadConfig, parseBytes } from '../../server/config.js';
import { createLogger } from '../../server/logging.js';
import { PackStore } from '../../server/pack-store.js';
import { app, expectProblem } from './helpers.js';

const server = app();
const SUBMISSION = { performanceYear: 2023, activities: [{ id: 'IA_EPA_1' }, { id: 'IA_PM_2' }] };

describe('request ids and logs', () => {
  it('every response has an X-Request-Id; a sane incoming one is kept', async () => {
    const fresh = await request(server).get('/healthz').expect(200);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(server).get('/healthz').set('X-Request-Id', 'caller-42.abc').expect(200);
    expect(kept.headers['x-request-id']).toBe('caller-42.abc');
    for (const insane of ['x'.repeat(200), 'has spaces', 'quote"s', '<script>']) {
      const res = await request(server).get('/healthz').set('X-Request-Id', insane);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const problem = await request(server).get('/nope').set('X-Request-Id', 'trace-1');
    expect(expectProblem(problem, 404, 'not-found').requestId).toBe('trace-1');
  });

  it('logs one JSON line per request, with the id, the route pattern and the status', async () => {
    const lines: string[] = [];
    const logged = app({ logger: createLogger('info', { write: (s: string) => void lines.push(s) }) });
    await request(logged).get('/v1/years/2023').set('X-Request-Id', 'req-1').expect(200);
    await request(logged).post('/v1/score').set('X-Request-Id', 'req-2').send({ performanceYear: 2099 }).expect(404);
    await request(logged).get('/v1/years/2023/activities/IA_NOPE_1').set('X-Request-Id', 'req-3').expect(404);
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => [e.reqId, e.route, e.res.statusCode, e.level, e.msg])).toEqual([
      ['req-1', '/v1/years/:year', 200, 30, 'GET /v1/years/:year 200'],
      ['req-2', '/v1/score', 404, 40, 'POST /v1/score 404'],
      ['req-3', '/v1/years/:year/activities/:id', 404, 40, 'GET /v1/years/:year/activities/:id 404'],
    ]);
    expect(entries[0]).toMatchObject({ req: { method: 'GET', url: '/v1/years/2023' }, responseTime: expect.any(Number) });
  });

  it('logs an unexpected error with its stack, and answers 500 with the request id only', async () => {
    const lines: string[] = [];
    const broken = new PackStore(new Map());
    Object.defineProperty(broken, 'packs', { get: () => { throw new Error('disk on fire'); } });
    const failing = app({ packs: broken, logger: createLogger('info', { write: (s: string) => void lines.push(s) }) });
    const res = await request(failing).get('/v1/years').set('X-Request-Id', 'boom-1');
    const body = expectProblem(res, 500, 'internal');
    expect(body.detail).toBe('an unexpected error; the request id names it in the service log');
    expect(res.text).not.toContain('disk on fire');
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: 50, reqId: 'boom-1', err: { message: 'disk on fire', stack: expect.stringContaining('Error: disk on fire') } });
  });
});

describe('security headers (helmet)', () => {
  it('are on every response', async () => {
    for (const res of [await request(server).get('/v1/years'), await request(server).get('/nope')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('health, readiness, metrics', () => {
  it('GET /healthz: alive', async () => {
    expect((await request(server).get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('GET /readyz: ready with the years; 503 when shutting down', async () => {
    const lifecycle = { shuttingDown: false };
    const served = app({ lifecycle });
    const ready = await request(served).get('/readyz').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', years: expect.arrayContaining([2017, 2024]), loadedAt: expect.any(String) });
    lifecycle.shuttingDown = true;
    const closing = await request(served).get('/readyz');
    expectProblem(closing, 503, 'not-ready');
    expect(closing.headers.connection).toBe('close');
    expectProblem(await request(app({ packs: new Map() })).get('/readyz'), 503, 'not-ready');
  });

  it('GET /metrics: Prometheus text, counts and latency per route pattern, not per URL', async () => {
    const measured = app();
    await request(measured).get('/v1/years/2023').expect(200);
    await request(measured).get('/v1/years/2024').expect(200);
    await request(measured).get('/v1/years/1999').expect(404);
    await request(measured).get('/no/such/thing').expect(404);
    await request(measured).post('/v1/score').send(SUBMISSION).expect(200);
    const res = await request(measured).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toContain('http_requests_total{method="GET",route="/v1/years/:year",status="200"} 2');
    expect(res.text).toContain('http_requests_total{method="GET",route="/v1/years/:year",status="404"} 1');
    expect(res.text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(res.text).toContain('http_requests_total{method="POST",route="/v1/score",status="200"} 1');
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/v1\/years\/:year",status="200"\} \d/);
    expect(res.text).toMatch(/^mips_ia_pack_years \d+$/m);
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).not.toContain('/v1/years/2023');
    expect(res.text).not.toContain('/no/such/thing');
  });
});

/** Listens on a loopback port; sends a request whose body is held back until release(). */
async function listen(handler: ReturnType<typeof app>): Promise<Server> {
  const s = handler.listen(0, '127.0.0.1');
  await new Promise((resolve) => s.once('listening', resolve));
  return s;
}

function heldRequest(port: number) {
  const body = JSON.stringify(SUBMISSION);
  const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/score', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Expect: '100-continue' } });
  const arrived = new Promise<void>((resolve) => req.once('continue', () => resolve()));
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('response', (res: IncomingMessage) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.once('error', reject);
  });
  req.flushHeaders();
  return { arrived, response, release: () => req.end(body) };
}

describe('load limits', () => {
  it('503 with Retry-After beyond MAX_IN_FLIGHT, counting a request once its body has arrived; health stays answered', async () => {
    const s = await listen(app({ config: { maxInFlight: 1, workerThreads: 1 } }));
    try {
      const port = (s.address() as AddressInfo).port;
      const held = heldRequest(port);
      await held.arrived; // the server has the request and waits for its body: it holds no slot
      await request(s).get('/v1/years').expect(200);
      // An impact request whose body has arrived holds the slot while a worker thread runs it.
      const heavy = request(s).post('/v1/impact').send({ from: 2019, to: 2020, generate: { year: 2019, count: 5000, seed: 3 } }).then((r) => r);
      let busy: request.Response | undefined;
      for (let i = 0; i < 200 && !busy; i++) {
        const r = await request(s).get('/v1/years');
        if (r.status === 503) busy = r;
        else await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(expectProblem(busy!, 503, 'overloaded').detail).toBe('1 requests are being handled; try again shortly');
      expect(busy!.headers['retry-after']).toBe('1');
      await request(s).get('/healthz').expect(200);
      expect((await heavy).status).toBe(200);
      held.release();
      expect((await held.response).status).toBe(200);
      await request(s).get('/v1/years').expect(200);
    } finally {
      s.close();
    }
  });

  it('429 with Retry-After beyond RATE_LIMIT_PER_MINUTE', async () => {
    const limited = app({ config: { rateLimitPerMinute: 2 } });
    await request(limited).get('/v1/years').expect(200);
    await request(limited).get('/v1/years/2023').expect(200);
    const res = await request(limited).get('/v1/years');
    expectProblem(res, 429, 'too-many-requests');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    await request(limited).get('/healthz').expect(200);
    await request(limited).get('/metrics').expect(200);
  });
});

describe('POST /v1/admin/reload', () => {
  const TOKEN = 'a-long-enough-admin-token';
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  function copyOfPacks(): string {
    const dir = mkdtempSync(join(tmpdir(), 'mips-ia-reload-'));
    dirs.push(dir);
    cpSync(bundledPacksDir, dir, { recursive: true });
    return dir;
  }

  it('is off (404) without ADMIN_TOKEN', async () => {
    const body = expectProblem(await request(server).post('/v1/admin/reload'), 404, 'not-found');
    expect(body.detail).toContain('set ADMIN_TOKEN');
  });

  it('401 without the right bearer token', async () => {
    const guarded = app({ packs: PackStore.load(copyOfPacks()), config: { adminToken: TOKEN } });
    for (const auth of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const req = request(guarded).post('/v1/admin/reload');
      const res = await (auth ? req.set('Authorization', auth) : req);
      expectProblem(res, 401, 'unauthorized');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="mips-ia-rules admin"');
    }
  });

  it('reloads valid packs; rejects a broken set and keeps serving the old one', async () => {
    const dir = copyOfPacks();
    const store = PackStore.load(dir);
    const lines: string[] = [];
    const admin = app({ packs: store, config: { adminToken: TOKEN }, logger: createLogger('info', { write: (s: string) => void lines.push(s) }) });
    const before = (await request(admin).get('/v1/years/2024').expect(200)).body.hash;

    const file = join(dir, '2024.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/^title: .*$/m, 'title: Retitled 2024'));
    const ok = await request(admin).post('/v1/admin/reload').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(ok.body).toMatchObject({ reloaded: true, changed: [2024] });
    expect((await request(admin).get('/v1/years/2024').expect(200)).body.title).toBe('Retitled 2024');
    const retitled = (await request(admin).get('/v1/years/2024')).body.hash;
    expect(retitled).not.toBe(before);

    writeFileSync(file, original.replace('weight: high', 'weight: enormous'));
    const rejected = expectProblem(await request(admin).post('/v1/admin/reload').set('Authorization', `Bearer ${TOKEN}`), 422, 'reload-rejected');
    // The broken year, and the years extending it (PACK_PARENT_INVALID).
    expect(rejected.detail).toMatch(/^\d+ pack error\(s\); the previous packs keep serving$/);
    expect(rejected.errors[0]).toMatchObject({ file: expect.stringContaining('2024.yaml'), line: expect.any(Number), code: 'PACK_ENUM' });
    expect((await request(admin).get('/v1/years/2024').expect(200)).body).toMatchObject({ title: 'Retitled 2024', hash: retitled });
    await request(admin).post('/v1/score').send(SUBMISSION).expect(200);
    const log = lines.map((l) => JSON.parse(l)).filter((e) => e.event === 'reload');
    expect(log.map((e) => [e.trigger, e.rejected ?? false])).toEqual([['http', false], ['http', true]]);
    expect(log[1].msg).toMatch(/^pack reload rejected: \d+ pack error\(s\); the previous packs keep serving$/);
    expect(log[1].errors[0]).toMatch(/2024\.yaml:\d+:\d+ PACK_ENUM /);
    const metrics = (await request(admin).get('/metrics')).text;
    expect(metrics).toContain('mips_ia_pack_reloads_total{result="applied"} 1');
    expect(metrics).toContain('mips_ia_pack_reloads_total{result="rejected"} 1');
  });

  it('409 when the packs were not read from a directory', async () => {
    const fixed = app({ config: { adminToken: TOKEN } });
    expectProblem(await request(fixed).post('/v1/admin/reload').set('Authorization', `Bearer ${TOKEN}`), 409, 'reload-unavailable');
  });
});

describe('configuration from the environment', () => {
  it('defaults: port 8080, the bundled packs, 1 MiB bodies, reload off', () => {
    expect(loadConfig({})).toEqual({ ...DEFAULTS, host: undefined, adminToken: undefined });
    expect(DEFAULTS).toMatchObject({ port: 8080, packsDir: bundledPacksDir, bodyLimit: 1024 * 1024, maxInFlight: 64, rateLimitPerMinute: 0 });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000', HOST: '127.0.0.1', RULEPACKS_DIR: '/srv/packs', LOG_LEVEL: 'debug', BODY_LIMIT: '512kb', IMPACT_BODY_LIMIT: '2mb', XML_BODY_LIMIT: '2mb', PROFILES_FILE: '/srv/profiles.csv', MAX_IN_FLIGHT: '8',
      RATE_LIMIT_PER_MINUTE: '600', TRUST_PROXY: '1', ADMIN_TOKEN: 'x'.repeat(32), REQUEST_TIMEOUT_MS: '5000', SHUTDOWN_TIMEOUT_MS: '2000',
      PACK_BODY_LIMIT: '256kb', HEADERS_TIMEOUT_MS: '3000', MAX_CONNECTIONS_PER_CLIENT: '4', WORKER_THREADS: '2', WORK_QUEUE: '3', WORK_DEADLINE_MS: '4000',
      METRICS_PORT: '9100', METRICS_TOKEN: 'm'.repeat(20), SHUTDOWN_DELAY_MS: '1500', CORS_ORIGINS: 'https://a.example',
    });
    expect(config).toEqual({
      port: 9000, host: '127.0.0.1', packsDir: '/srv/packs', logLevel: 'debug', bodyLimit: 512 * 1024, impactBodyLimit: 2 * 1024 * 1024, xmlBodyLimit: 2 * 1024 * 1024, profilesFile: '/srv/profiles.csv', maxInFlight: 8,
      rateLimitPerMinute: 600, trustProxy: 1, adminToken: 'x'.repeat(32), requestTimeoutMs: 5000, shutdownTimeoutMs: 2000,
      packBodyLimit: 256 * 1024, headersTimeoutMs: 3000, maxConnectionsPerClient: 4, workerThreads: 2, workQueue: 3, workDeadlineMs: 4000,
      metricsPort: 9100, metricsToken: 'm'.repeat(20), shutdownDelayMs: 1500, corsOrigins: ['https://a.example'],
    });
    expect([parseBytes('1mb'), parseBytes('2048'), parseBytes('1 MiB'), parseBytes('lots')]).toEqual([1048576, 2048, 1048576, undefined]);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', BODY_LIMIT: '10gb', ADMIN_TOKEN: 'short' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', BODY_LIMIT: '10gb', ADMIN_TOKEN: 'short' });
    } catch (e) {
      expect((e as ConfigError).problems).toEqual([
        'LOG_LEVEL=loud: expected one of fatal, error, warn, info, debug, trace, silent',
        'BODY_LIMIT=10gb: expected a size from 1kb to 64mb, e.g. 1048576, 512kb or 1mb',
        'ADMIN_TOKEN: at least 16 characters (it guards pack reloads)',
        'PORT=eighty: expected a whole number from 0 to 65535',
      ]);
    }
  });
});
