// HTTP: POST /v1/score on the real service against a trivial express JSON echo route, each
// in its own process on loopback, in alternating rounds; autocannon is the client.
import autocannon from 'autocannon';
import { join } from 'node:path';
import { packageRoot } from '../engine/paths.js';
import type { Submission } from '../engine/score/submission.js';
import { startServer, stopServer } from './processes.js';
import { median, medianRatio } from './stats.js';

export interface HttpFigures {
  connections: number;
  secondsPerRound: number;
  rounds: number;
  logLevel: string;
  /** At `connections` connections, as fast as they go: medians of the rounds. */
  saturated: { scoreRps: number; echoRps: number; scoreP99Ms: number; echoP99Ms: number; throughputRatio: number; p99Ratio: number };
  /** At a fixed offered rate. */
  fixedRate: { rps: number; scoreP99Ms: number; echoP99Ms: number };
  /** At `connections` connections, with the worker threads kept busy by impact requests, against the same without: medians of the rounds. */
  poolSaturated: { impactClients: number; impactsAnswered: number; busy: Medians; idle: Medians; throughputRatio: number; p99Ratio: number };
}

interface Medians {
  rps: number;
  p99Ms: number;
}

function medians(runs: { rps: number; p99: number }[]): Medians {
  return { rps: Math.round(median(runs.map((r) => r.rps))), p99Ms: median(runs.map((r) => r.p99)) };
}

/** Impact requests, `clients` at a time, until stopped: the worker threads stay busy (a 503 from the full queue counts too). */
function keepPoolBusy(url: string, clients: number) {
  let running = true;
  let answered = 0;
  const body = JSON.stringify({ from: 2019, to: 2020, generate: { year: 2019, count: 5000, seed: 1 } });
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      answered++;
    }
  });
  return { stop: async () => { running = false; await Promise.all(loops); return answered; } };
}

function portFromJsonLine(line: string): number | undefined {
  try {
    const port = (JSON.parse(line) as { port?: unknown }).port;
    return typeof port === 'number' ? port : undefined;
  } catch {
    return undefined;
  }
}

async function load(url: string, body: string, opts: { connections: number; seconds: number; rate?: number }) {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

export async function measureHttp(sub: Submission, opts: { connections: number; seconds: number; rounds: number; rate: number; logLevel: string }): Promise<HttpFigures> {
  const ours = await startServer(process.execPath, [join(packageRoot, 'dist/server/main.js')], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: opts.logLevel, MAX_IN_FLIGHT: '10000', MAX_CONNECTIONS_PER_CLIENT: '0' }, portFromJsonLine);
  const echo = await startServer(process.execPath, ['--import', 'tsx', join(packageRoot, 'bench/echo-server.ts')], {}, portFromJsonLine);
  const body = JSON.stringify(sub);
  const urls = { score: `http://127.0.0.1:${ours.port}/v1/score`, echo: `http://127.0.0.1:${echo.port}/echo` };
  try {
    const warm = { connections: opts.connections, seconds: 2 };
    await load(urls.score, body, warm);
    await load(urls.echo, body, warm);
    const runs = { score: [] as { rps: number; p99: number }[], echo: [] as { rps: number; p99: number }[] };
    for (let round = 0; round < opts.rounds; round++) {
      runs.score.push(await load(urls.score, body, { connections: opts.connections, seconds: opts.seconds }));
      runs.echo.push(await load(urls.echo, body, { connections: opts.connections, seconds: opts.seconds }));
    }
    const fixed = { connections: 10, seconds: opts.seconds, rate: opts.rate };
    const fixedScore = await load(urls.score, body, fixed);
    const fixedEcho = await load(urls.echo, body, fixed);
    const rps = (k: 'score' | 'echo') => runs[k].map((r) => r.rps);
    const p99 = (k: 'score' | 'echo') => runs[k].map((r) => r.p99);
    // Scoring while the worker threads run impact requests, in alternating rounds with scoring alone.
    const impactClients = 4;
    const pool = { idle: [] as { rps: number; p99: number }[], busy: [] as { rps: number; p99: number }[] };
    let impactsAnswered = 0;
    for (let round = 0; round < opts.rounds; round++) {
      pool.idle.push(await load(urls.score, body, { connections: opts.connections, seconds: opts.seconds }));
      const busy = keepPoolBusy(`http://127.0.0.1:${ours.port}/v1/impact`, impactClients);
      await new Promise((resolve) => setTimeout(resolve, 500));
      pool.busy.push(await load(urls.score, body, { connections: opts.connections, seconds: opts.seconds }));
      impactsAnswered += await busy.stop();
    }
    return {
      connections: opts.connections,
      secondsPerRound: opts.seconds,
      rounds: opts.rounds,
      logLevel: opts.logLevel,
      saturated: {
        scoreRps: Math.round(median(rps('score'))),
        echoRps: Math.round(median(rps('echo'))),
        scoreP99Ms: median(p99('score')),
        echoP99Ms: median(p99('echo')),
        throughputRatio: medianRatio(rps('score'), rps('echo')),
        p99Ratio: medianRatio(p99('score'), p99('echo')),
      },
      fixedRate: { rps: opts.rate, scoreP99Ms: fixedScore.p99, echoP99Ms: fixedEcho.p99 },
      poolSaturated: {
        impactClients,
        impactsAnswered,
        busy: medians(pool.busy),
        idle: medians(pool.idle),
        throughputRatio: medianRatio(pool.busy.map((r) => r.rps), pool.idle.map((r) => r.rps)),
        p99Ratio: medianRatio(pool.busy.map((r) => r.p99), pool.idle.map((r) => r.p99)),
      },
    };
  } finally {
    await Promise.all([stopServer(ours.child), stopServer(echo.child)]);
  }
}
