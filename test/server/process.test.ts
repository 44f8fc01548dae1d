// End to end: the real process (node dist/server/main.js) on a free loopback port, with a
// temporary copy of rulepacks/ as RULEPACKS_DIR. It refuses to start on a broken pack, serves
// over HTTP, keeps the old packs when a SIGHUP finds a broken one, and on SIGTERM finishes the
// request in flight before exiting 0.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfPacks, start } from '../fixtures/service.js';
import { qppReference } from './helpers.js';

async function json(port: number, path: string, init?: RequestInit): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, init);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('node dist/server/main.js', () => {
  it('refuses to start on an invalid pack and prints every error', async () => {
    const dir = copyOfPacks();
    const file = join(dir, '2023.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: /m, 'colour: blue\ntitle: ').replace('weight: high', 'weight: enormous'));
    const server = start({ RULEPACKS_DIR: dir });
    expect(await server.exited).toEqual({ code: 1, signal: null });
    const lines = server.stderr().trim().split('\n');
    expect(lines.filter((l) => / PACK_UNKNOWN_KEY colour: /.test(l))).toHaveLength(1);
    expect(lines.filter((l) => / PACK_ENUM .*weight: must be one of medium, high, null/.test(l))).toHaveLength(1);
    for (const line of lines) expect(line).toMatch(/^\S+\.yaml:\d+:\d+ PACK_[A-Z_]+ /);
    const fatal = server.logs.find((l) => l.level === 60)!;
    expect(fatal.msg).toMatch(/^\d+ pack error\(s\); refusing to start$/);
    expect(fatal.errors).toEqual(lines);
  });

  it('on a busy port, one plain line on stderr naming the port and PORT; exit 1', async () => {
    const first = start({});
    const { port } = await first.waitForLog((l) => l.event === 'listening', 'listening');
    const second = start({ PORT: String(port) });
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.stderr()).toBe(`mips-ia-server: port ${port} is in use; set PORT to another port\n`);
    first.child.kill('SIGTERM');
    await first.exited;
  });

  it('refuses to start on a bad variable', async () => {
    const server = start({ PORT: 'eighty' });
    expect((await server.exited).code).toBe(1);
    expect(server.stderr()).toContain('PORT=eighty: expected a whole number from 0 to 65535');
  });

  it('serves, keeps the old packs when SIGHUP finds a broken one, and finishes the request in flight on SIGTERM', async () => {
    const dir = copyOfPacks();
    const server = start({ RULEPACKS_DIR: dir });
    const { port } = await server.waitForLog((e) => e.event === 'listening', 'listening');
    expect(port).toBeGreaterThan(0);

    // Serving over HTTP.
    const years = await json(port, '/v1/years');
    expect(years.status).toBe(200);
    expect(years.body.years.map((y: { year: number }) => y.year)).toEqual(readdirSync(dir).map((f) => Number(f.slice(0, 4))).sort());
    const hashBefore = years.body.years.find((y: { year: number }) => y.year === 2024).hash;
    const qpp = await json(port, '/v1/qpp/score-preview', post(qppReference('submission-example-ia.json')));
    expect([qpp.status, qpp.body.data.score.value, qpp.body.data.score.parts[0].original.value]).toEqual([200, 15, 40]);
    const bad = await json(port, '/v1/score', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'e2e-1' }, body: '{"performanceYear": ' });
    expect([bad.status, bad.headers.get('content-type'), bad.body.requestId]).toEqual([400, 'application/problem+json; charset=utf-8', 'e2e-1']);
    expect(await server.waitForLog((l) => l.reqId === 'e2e-1', 'the request line')).toMatchObject({ route: '/v1/score', res: { statusCode: 400 } });

    // SIGHUP with a broken pack: rejected, logged, and the old packs keep serving.
    const file = join(dir, '2024.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('weight: high', 'weight: enormous'));
    server.child.kill('SIGHUP');
    const rejected = await server.waitForLog((e) => e.event === 'reload' && e.rejected === true, 'reload rejected');
    expect(rejected.msg).toMatch(/^pack reload rejected: .*; the previous packs keep serving$/);
    expect(rejected.errors[0]).toMatch(/2024\.yaml:\d+:\d+ PACK_ENUM /);
    expect((await json(port, '/v1/years/2024')).body.hash).toBe(hashBefore);
    const scored = await json(port, '/v1/years/2024/score', post({ activities: [{ id: 'IA_EPA_1' }, { id: 'IA_PM_2' }] }));
    expect([scored.status, scored.body.points, scored.body.pack.hash]).toEqual([200, 40, hashBefore]);

    // SIGHUP with the pack repaired (and retitled): applied.
    writeFileSync(file, original.replace(/^title: .*$/m, 'title: Retitled over SIGHUP'));
    server.child.kill('SIGHUP');
    await server.waitForLog((e) => e.event === 'reload' && e.rejected === undefined && e.trigger === 'SIGHUP', 'reload applied');
    expect((await json(port, '/v1/years/2024')).body.title).toBe('Retitled over SIGHUP');

    // SIGTERM while a request is in flight: the server has its headers and waits for the body
    // (Expect: 100-continue tells us it got them), so the request is in flight deterministically.
    const body = JSON.stringify(qppReference('submission-example-ia.json'));
    const req = httpRequest({
      host: '127.0.0.1', port, method: 'POST', path: '/v1/qpp/score-preview',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Expect: '100-continue', 'X-Request-Id': 'in-flight' },
    });
    const response = new Promise<{ status: number; text: string; connection?: string }>((resolve, reject) => {
      req.once('response', (res: IncomingMessage) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text, connection: res.headers.connection }));
      });
      req.once('error', reject);
    });
    const arrived = new Promise((resolve) => req.once('continue', resolve));
    req.flushHeaders();
    await arrived;

    server.child.kill('SIGTERM');
    await server.waitForLog((e) => e.event === 'shutdown' && e.signal === 'SIGTERM', 'shutdown begins');
    // No new connections once shutting down.
    await server.waitForLog((e) => e.event === 'shutdown' && e.msg === 'no new connections', 'the listener closes');
    const fresh = await new Promise<string>((resolve) => {
      httpRequest({ host: '127.0.0.1', port, path: '/healthz', agent: false }).once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')).once('response', () => resolve('answered')).end();
    });
    expect(fresh).toBe('ECONNREFUSED');
    expect(server.child.exitCode).toBeNull(); // still waiting for the request in flight

    req.end(body);
    const answered = await response;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.text).data.score).toMatchObject({ value: 15 });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const order = server.logs.map((l) => (l.reqId === 'in-flight' ? 'in-flight answered' : l.event === 'shutdown' ? l.msg : undefined)).filter(Boolean);
    expect(order, server.logs.slice(-4).map((l) => JSON.stringify(l)).join('\n')).toEqual([
      'SIGTERM: not ready; finishing the requests on open connections',
      'no new connections',
      'in-flight answered',
      'all requests answered; exiting',
    ]);
  });
});
