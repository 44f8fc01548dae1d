// Hostile clients against the real process (node dist/server/main.js): each probe is what one
// abusive client could do to take the service from everyone else, and asserts that the others
// are still served. Each is bounded in time by its own timeout; none asserts a tighter time.
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { start, type Running } from '../fixtures/service.js';

const SUBMISSION = JSON.stringify({ performanceYear: 2024, entityType: 'individual', activities: [{ id: 'IA_EPA_1' }, { id: 'IA_PM_2' }] });
const DRAFT_HEAD = 'year: 2027\nextends: 2026\ntitle: A hostile draft\nsources:\n  a: { citation: "nowhere" }\n';

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
}

/** One HTTP request; rejects with the socket error (ECONNRESET, ECONNREFUSED, …). */
function send(port: number, method: string, path: string, options: { body?: string; type?: string; agent?: Agent | false; localAddress?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (options.body !== undefined) {
      headers['Content-Type'] = options.type ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(options.body);
    }
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: options.agent ?? false, localAddress: options.localAddress }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = (a: Answer) => JSON.parse(a.text) as Record<string, any>;

function expectProblem(a: Answer, status: number, kind: string): Record<string, any> {
  expect({ status: a.status, type: a.headers['content-type'] }).toEqual({ status, type: 'application/problem+json; charset=utf-8' });
  const body = json(a);
  expect(body.type).toBe(`https://mips-ia-rules.dev/problems/${kind}`);
  return body;
}

async function listening(env: Record<string, string> = {}): Promise<{ server: Running; port: number }> {
  const server = start(env);
  const { port } = await server.waitForLog((e) => e.event === 'listening', 'listening');
  return { server, port };
}

const keyBomb = (keys: number) => DRAFT_HEAD + Array.from({ length: keys }, (_, i) => `k${i}: 1`).join('\n') + '\n';

describe('hostile clients', () => {
  it('a key bomb, a capped error list, text/plain YAML: bounded answers, health answered meanwhile', async () => {
    const { server, port } = await listening();
    // 20,000 keys (190 KB): refused by the key limit, in a small answer.
    const bomb = keyBomb(20_000);
    expect(bomb.length).toBeGreaterThan(180_000);
    const [validated, health] = await Promise.all([
      send(port, 'POST', '/v1/packs/validate', { body: bomb, type: 'application/yaml' }),
      send(port, 'GET', '/healthz'),
    ]);
    expect(health.status).toBe(200);
    expect(validated.status).toBe(200);
    expect(validated.text.length).toBeLessThan(4096);
    expect(json(validated).packs[0].errors.map((e: { code: string }) => e.code)).toEqual(['PACK_TOO_MANY_KEYS']);
    // The same through a draft pack on impact: a 422 naming the limit.
    const drafted = await send(port, 'POST', '/v1/impact', { body: JSON.stringify({ draft: bomb, generate: { year: 2026, count: 10 } }) });
    expect(expectProblem(drafted, 422, 'invalid-pack').errors.map((e: { code: string }) => e.code)).toEqual(['PACK_TOO_MANY_KEYS']);

    // Under the key limit, 900 duplicate keys: every one counted, the first 100 listed.
    const dups = await send(port, 'POST', '/v1/packs/validate', { body: DRAFT_HEAD + 'k: 1\n'.repeat(900), type: 'text/yaml' });
    const dupPack = json(dups).packs[0];
    expect([dupPack.errorCount, dupPack.errors.length, dupPack.errors[0].code]).toEqual([899, 100, 'PACK_DUPLICATE_KEY']);

    // 34 KB of YAML garbage after a pack's first keys: the first 100 errors and the count, not
    // megabytes (garbage with no pack key at all is one PACK_NOT_A_PACK error).
    const garbage = DRAFT_HEAD + '- : : a: - ]\n'.repeat(2700);
    expect(garbage.length).toBeGreaterThan(34_000);
    const capped = await send(port, 'POST', '/v1/packs/validate', { body: garbage, type: 'application/yaml' });
    expect(capped.status).toBe(200);
    const result = json(capped);
    expect(result.errorCount).toBeGreaterThan(1000);
    expect(result.packs[0].errors).toHaveLength(100);
    expect(result.lines).toHaveLength(102); // 100 errors, how many more, the summary
    expect(result.lines[100]).toMatch(/^2027\.yaml: \d+ more errors not listed \(the first 100 are\)$/);
    expect(capped.text.length).toBeLessThan(64 * 1024);
    for (const line of result.lines) expect(line).not.toMatch(/parseAllDocuments|call stack|at line \d+, column/);

    // Files by their own path only; misses under /docs are problems too.
    for (const path of ['/assets/../sizes.json', '/assets/%2e%2e/sizes.json', '/assets/..%2fsizes.json', '/docs/nothing-here.js']) {
      expectProblem(await send(port, 'GET', path), 404, 'not-found');
    }

    // text/plain is what any web page may post without a preflight: not YAML.
    expectProblem(await send(port, 'POST', '/v1/packs/validate', { body: DRAFT_HEAD, type: 'text/plain' }), 415, 'unsupported-media-type');
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });

  it('64 connections trickling their bodies: a normal client keeps getting 200; more than the cap from one address get 503', async () => {
    const { server, port } = await listening({ MAX_CONNECTIONS_PER_CLIENT: '4' });
    // Each from its own loopback address, so that only the in-flight rule is tested: a request
    // counts once its body has arrived.
    const tricklers = Array.from({ length: 64 }, (_, i) => {
      const socket = connect({ host: '127.0.0.1', port, localAddress: `127.0.1.${i + 1}` });
      socket.on('error', () => {});
      socket.write(`POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${SUBMISSION.length}\r\n\r\n`);
      let sent = 0;
      const timer = setInterval(() => sent < SUBMISSION.length - 1 && socket.write(SUBMISSION[sent++]), 100);
      return { socket, timer };
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (let i = 0; i < 20; i++) {
        const scored = await send(port, 'POST', '/v1/score', { body: SUBMISSION });
        expect(scored.status).toBe(200);
        expect(json(scored).points).toBe(40);
      }
      // Six connections at once from one address, the cap four: two are answered 503 at once.
      const sockets = Array.from({ length: 6 }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
      const holds = await Promise.all(sockets.map((agent) => send(port, 'GET', '/healthz', { agent, localAddress: '127.0.2.1' }).catch((e: Error) => e)));
      const statuses = holds.map((h) => (h instanceof Error ? h.message : h.status));
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(4);
      const refused = holds.filter((h): h is Answer => !(h instanceof Error) && h.status === 503);
      expect(refused.length).toBe(2);
      expect(refused[0].headers['retry-after']).toBe('1');
      expect(JSON.parse(refused[0].text).detail).toMatch(/^4 connections are open from this address/);
      for (const agent of sockets) agent.destroy();
    } finally {
      for (const t of tricklers) {
        clearInterval(t.timer);
        t.socket.destroy();
      }
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('8 concurrent maximal impact requests: health and scoring answered while they run; past the deadline a 503 and the work stopped', async () => {
    // A deadline no impact of 5,000 reaches even on a loaded machine; the costly draft below meets a short one.
    const { server, port } = await listening({ WORKER_THREADS: '1', WORK_DEADLINE_MS: '60000' });
    const body = JSON.stringify({ from: 2019, to: 2020, generate: { year: 2019, count: 5000, seed: 7 } });
    let running = true;
    const heavy = Promise.all(Array.from({ length: 8 }, () => send(port, 'POST', '/v1/impact', { body }))).finally(() => (running = false));
    const during: number[] = [];
    await new Promise((resolve) => setTimeout(resolve, 200));
    while (running && during.length < 40) {
      const [health, scored] = await Promise.all([send(port, 'GET', '/healthz'), send(port, 'POST', '/v1/score', { body: SUBMISSION })]);
      if (running) during.push(health.status, scored.status);
    }
    const answers = await heavy;
    expect(during.length).toBeGreaterThan(0); // answered while the impacts still ran
    expect(new Set(during)).toEqual(new Set([200]));
    for (const a of answers) {
      if (a.status === 200) expect(json(a).total).toBe(5000);
      else expect([expectProblem(a, 503, 'overloaded').status, a.headers['retry-after']]).toEqual([503, '1']); // the queue full
    }
    expect(answers.some((a) => a.status === 200)).toBe(true);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);

    // A draft of 200 rules of 30 conditions each (within the pack limits) over 5,000 submissions:
    // far past the deadline, its work stopped (its thread replaced), and the next request served.
    const condition = '{ fact: entityType, operator: notEqual, value: nobody }';
    const rules = Array.from({ length: 200 }, (_, i) => `  r${i}:\n    description: d\n    reference: x\n    conditions: { all: [${Array(30).fill(condition).join(', ')}] }\n`
      + '    event: { type: weightTable, params: { table: categoryWeights.traditional } }').join('\n');
    const short = await listening({ WORKER_THREADS: '1', WORK_DEADLINE_MS: '2000' });
    const costly = await send(short.port, 'POST', '/v1/impact', { body: JSON.stringify({ draft: `${DRAFT_HEAD}rules:\n${rules}\n`, generate: { year: 2026, count: 5000 } }) });
    expect([expectProblem(costly, 503, 'overloaded').detail, costly.headers['retry-after']]).toEqual([expect.stringMatching(/not done within 2 s/), '2']);
    // The next request is served once the replacement thread has loaded the packs (past 2 s on a
    // loaded machine: until then a 503 like the one above, never an error or a hang).
    let after: Answer | undefined;
    for (let tries = 0; tries < 10 && after?.status !== 200; tries++) {
      after = await send(short.port, 'POST', '/v1/impact', { body: JSON.stringify({ from: 2023, to: 2024, generate: { year: 2023, count: 50 } }) });
      if (after.status !== 200) expectProblem(after, 503, 'overloaded');
    }
    expect(after!.status).toBe(200);
    short.server.child.kill('SIGTERM');
    expect((await short.server.exited).code).toBe(0);
  }, 120_000); // eight impacts of 5,000 queued on one thread: seconds each on a loaded machine

  it('SIGTERM under keep-alive load: readiness 503 at once, every request sent answered, none reset', async () => {
    const { server, port } = await listening({ MAX_CONNECTIONS_PER_CLIENT: '40' });
    const probe = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await send(port, 'GET', '/readyz', { agent: probe })).status).toBe(200);
    const outcomes = { answered: 0, refused: 0, reset: 0, other: [] as string[] };
    let stop = false;
    let connected = 0; // clients answered at least once: their keep-alive connections are open
    const client = async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      let first = true;
      try {
        while (!stop) {
          try {
            const a = await send(port, 'POST', '/v1/score', { body: SUBMISSION, agent });
            if (first) (first = false), connected++;
            if (a.status === 200) outcomes.answered++;
            else outcomes.other.push(String(a.status));
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === 'ECONNREFUSED') return void outcomes.refused++; // never reached the service
            if (code === 'ECONNRESET' || code === 'EPIPE' || (e as Error).message === 'socket hang up') outcomes.reset++;
            else outcomes.other.push(String(code ?? (e as Error).message));
            return;
          }
        }
      } finally {
        agent.destroy();
      }
    };
    const clients = Array.from({ length: 32 }, client);
    // SIGTERM once every client holds an open connection (a connection still in the listen
    // backlog when the listener closes is the kernel's to refuse), and under load for 500 ms.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expect.poll(() => connected, { timeout: 10_000 }).toBe(32);
    server.child.kill('SIGTERM');
    await server.waitForLog((e) => e.event === 'shutdown' && e.signal === 'SIGTERM', 'shutdown begins');
    const ready = await send(port, 'GET', '/readyz', { agent: probe });
    expect([ready.status, ready.headers.connection]).toEqual([503, 'close']);
    const limit = setTimeout(() => (stop = true), 15_000);
    await Promise.all(clients);
    clearTimeout(limit);
    probe.destroy();
    expect(outcomes.reset).toBe(0);
    expect(outcomes.other).toEqual([]);
    expect(outcomes.refused).toBe(32);
    expect(outcomes.answered).toBeGreaterThan(32);
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
