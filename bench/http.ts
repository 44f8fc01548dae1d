// HTTP: POST /v1/score on the real service against a trivial express JSON echo route, each
// in its own process on loopback, in alternating rounds; autocannon is the client. Beside them,
// so that the cost of each layer shows: the service with logging off, and an express route that
// answers the service's own result for that body (what express alone pays for an answer of that size).
import autocannon from 'autocannon';
import { join } from 'node:path';
import { packageRoot } from '../engine/paths.js';
import type { Submission } from '../engine/score/submission.js';
import { cpuMs, freePort, startServer, startSilentServer, stopServer } from './processes.js';
import { median, medianRatio } from './stats.js';

export interface HttpFigures {
  connections: number;
  secondsPerRound: number;
  rounds: number;
  logLevel: string;
  /** At `connections` connections, as fast as they go: medians of the rounds; ratios to the echo's. */
  saturated: { scoreRps: number; echoRps: number; scoreP99Ms: number; echoP99Ms: number; throughputRatio: number; p99Ratio: number };
  /** The same rounds: the service with LOG_LEVEL=silent, and express answering the service's result. */
  layers: { loggingOff: Medians & Ratios; expressSameAnswer: Medians & Ratios & { answerBytes: number } };
  /** CPU time of each server process per request in those rounds (µs, medians; null without Linux's /proc): steadier than throughput on a busy machine. */
  cpuPerRequestUs: { score: number | null; loggingOff: number | null; echo: number | null; expressSameAnswer: number | null };
  /** At a fixed offered rate. */
  fixedRate: { rps: number; scoreP99Ms: number; echoP99Ms: number };
  /** At `connections` connections, with the worker threads kept busy by impact requests, against the same without: medians of the rounds. */
  poolSaturated: { impactClients: number; impactsAnswered: number; busy: Medians; idle: Medians; throughputRatio: number; p99Ratio: number };
}

interface Medians {
  rps: number;
  p99Ms: number;
}

/** To the echo's, round by round. */
interface Ratios {
  throughputRatio: number;
  p99Ratio: number;
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

/** One round of autocannon; with the server's pid, its CPU time per request too. */
async function load(url: string, body: string, opts: { connections: number; seconds: number; rate?: number }, pid?: number) {
  const cpuBefore = cpuMs(pid);
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
  const cpuAfter = cpuMs(pid);
  const cpuUs = cpuBefore === null || cpuAfter === null ? null : (1000 * (cpuAfter - cpuBefore)) / result.requests.total;
  return { rps: result.requests.average, p99: result.latency.p99, cpuUs };
}

export async function measureHttp(sub: Submission, opts: { connections: number; seconds: number; rounds: number; rate: number; logLevel: string }): Promise<HttpFigures> {
  const main = [join(packageRoot, 'dist/server/main.js')];
  const env = { HOST: '127.0.0.1', MAX_IN_FLIGHT: '10000', MAX_CONNECTIONS_PER_CLIENT: '0' };
  const ours = await startServer(process.execPath, main, { ...env, PORT: '0', LOG_LEVEL: opts.logLevel }, portFromJsonLine);
  // Logging off, the service prints no listening line: it gets a free port and is asked until ready.
  const quietPort = await freePort();
  const quiet = await startSilentServer(process.execPath, main, { ...env, PORT: String(quietPort), LOG_LEVEL: 'silent' }, quietPort, '/readyz');
  const body = JSON.stringify(sub);
  const answer = await (await fetch(`http://127.0.0.1:${ours.port}/v1/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
  const echo = await startServer(process.execPath, ['--import', 'tsx', join(packageRoot, 'bench/echo-server.ts')], { ECHO_ANSWER: answer }, portFromJsonLine);
  const urls = {
    score: `http://127.0.0.1:${ours.port}/v1/score`,
    quiet: `http://127.0.0.1:${quiet.port}/v1/score`,
    echo: `http://127.0.0.1:${echo.port}/echo`,
    answer: `http://127.0.0.1:${echo.port}/answer`,
  };
  const kinds = Object.keys(urls) as (keyof typeof urls)[];
  try {
    for (const k of kinds) await load(urls[k], body, { connections: opts.connections, seconds: 2 }); // warm-up
    const pids = { score: ours.child.pid, quiet: quiet.child.pid, echo: echo.child.pid, answer: echo.child.pid };
    const runs = { score: [], quiet: [], echo: [], answer: [] } as Record<keyof typeof urls, Awaited<ReturnType<typeof load>>[]>;
    // Every other round in reverse order, so that a drift of the machine within a round falls on every kind alike.
    for (let round = 0; round < opts.rounds; round++) {
      for (const k of round % 2 ? [...kinds].reverse() : kinds) runs[k].push(await load(urls[k], body, { connections: opts.connections, seconds: opts.seconds }, pids[k]));
    }
    const cpuUs = (k: keyof typeof urls) => {
      const us = runs[k].map((r) => r.cpuUs);
      return us.includes(null) ? null : Math.round(median(us as number[]));
    };
    const fixed = { connections: 10, seconds: opts.seconds, rate: opts.rate };
    const fixedScore = await load(urls.score, body, fixed);
    const fixedEcho = await load(urls.echo, body, fixed);
    const rps = (k: keyof typeof urls) => runs[k].map((r) => r.rps);
    const p99 = (k: keyof typeof urls) => runs[k].map((r) => r.p99);
    const toEcho = (k: keyof typeof urls): Medians & Ratios => ({
      ...medians(runs[k]),
      throughputRatio: medianRatio(rps(k), rps('echo')),
      p99Ratio: medianRatio(p99(k), p99('echo')),
    });
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
      layers: { loggingOff: toEcho('quiet'), expressSameAnswer: { ...toEcho('answer'), answerBytes: Buffer.byteLength(answer) } },
      cpuPerRequestUs: { score: cpuUs('score'), loggingOff: cpuUs('quiet'), echo: cpuUs('echo'), expressSameAnswer: cpuUs('answer') },
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
    await Promise.all([stopServer(ours.child), stopServer(quiet.child), stopServer(echo.child)]);
  }
}
