// npm run bench: every performance figure of the project in one run, side by side, on this
// machine. Prints one table and writes bench/results.json. Benchmarks, not tests: nothing here
// passes or fails.
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from '../engine/corpus/generate.js';
import { loadPacks } from '../engine/pack/load.js';
import { packageRoot } from '../engine/paths.js';
import { measureHttp } from './http.js';
import { measureInProcess } from './in-process.js';
import { measureBulk } from './impact.js';
import { writeCorpus } from './ndjson.js';
import { measureStartup } from './startup.js';

// One fixed, seeded corpus: the year the floor scorer knows, a realistic mix of submissions.
const YEAR = 2024;
const SEED = 20_24;
const QUICK = process.argv.includes('--quick'); // a smoke run of the harness itself

const packs = loadPacks();
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const startup = measureStartup(QUICK ? 2 : 7);
const inProcess = await measureInProcess(packs, YEAR, QUICK ? 5_000 : 50_000, QUICK ? 1 : 5, SEED);

const corpusFile = join(tmpdir(), `mips-ia-bench-${YEAR}-${SEED}.ndjson`);
const lines = QUICK ? 20_000 : 1_000_000;
await writeCorpus(packs, corpusFile, YEAR, lines, SEED);
const { ndjson, impact } = measureBulk(corpusFile, lines, availableParallelism(), QUICK ? 1 : 3);

let sample: unknown;
for await (const s of generateCorpus(packs, YEAR, 50, SEED)) if ((s.activities?.length ?? 0) >= 3) sample = s;
const http = await measureHttp(sample as never, { connections: 32, seconds: QUICK ? 2 : 10, rounds: QUICK ? 1 : 5, rate: 1000, logLevel: 'info' });

const results = {
  machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
  date: new Date().toISOString(),
  startup,
  inProcess,
  ndjson,
  impact,
  http,
};
writeFileSync(join(packageRoot, 'bench', QUICK ? 'results.local.json' : 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const cpu = http.cpuPerRequestUs;
const rows: [string, string, string][] = [
  ['start-up: load, validate, compile all packs (validated snapshot)', `${startup.medianMs} ms`, 'target < 300 ms'],
  ['start-up from the YAML (an edited pack)', `${startup.fromYamlMedianMs} ms`, ''],
  [`naive: a json-rules-engine Engine per submission`, `${fmt(inProcess.perSecond.naive)} /s`, ''],
  [`ours: score(), explanations off`, `${fmt(inProcess.perSecond.oursExplainOff)} /s`, `ours/naive ${fmt(inProcess.ratios.oursOverNaive, 1)}x (target >= 200x)`],
  [`ours: score(), explanations on`, `${fmt(inProcess.perSecond.oursExplainOn)} /s`, `explanations cost ${fmt(inProcess.ratios.explainOnCost, 2)}x`],
  [`the input check alone (Ajv), score()'s first step`, `${fmt(inProcess.perSecond.check)} /s`, `check/naive ${fmt(inProcess.ratios.checkOverNaive, 1)}x: ours/naive at most`],
  [`floor: hand-written ${YEAR} scorer`, `${fmt(inProcess.perSecond.floor)} /s`, `floor/ours ${fmt(inProcess.ratios.floorOverOurs, 1)}x (target <= 10x)`],
  [`floor after the same input check (Ajv)`, `${fmt(inProcess.perSecond.floorWithCheck)} /s`, `ours/floor-with-check ${fmt(inProcess.ratios.oursOverFloorWithCheck, 2)}x (target <= 1.5x)`],
  [`mips-ia score --ndjson, ${fmt(ndjson.submissions)} lines, ${ndjson.threads} threads`, `${fmt(ndjson.medianSeconds, 2)} s`, `${fmt(ndjson.perSecond)} /s; peak RSS ${ndjson.peakRssMb ?? '?'} MB (targets < 10 s, < 300 MB)`],
  [`mips-ia impact --pack (${impact.draft}), the same lines`, `${fmt(impact.medianSeconds, 2)} s`, `${fmt(impact.perSecond)} /s, ${fmt(impact.perSecondOverNdjson, 2)}x score --ndjson's; peak RSS ${impact.peakRssMb ?? '?'} MB (targets < 10 s, < 300 MB)`],
  [`HTTP ${http.connections} conns: POST /v1/score vs echo`, `${fmt(http.saturated.scoreRps)} vs ${fmt(http.saturated.echoRps)} req/s`, `ratio ${fmt(http.saturated.throughputRatio, 2)} (target >= 0.75)`],
  [`HTTP ${http.connections} conns: p99 score vs echo`, `${http.saturated.scoreP99Ms} vs ${http.saturated.echoP99Ms} ms`, `ratio ${fmt(http.saturated.p99Ratio, 2)} (target <= 1.3)`],
  [`HTTP ${http.connections} conns: POST /v1/score, logging off, vs echo`, `${fmt(http.layers.loggingOff.rps)} req/s, p99 ${http.layers.loggingOff.p99Ms} ms`, `ratios ${fmt(http.layers.loggingOff.throughputRatio, 2)}, p99 ${fmt(http.layers.loggingOff.p99Ratio, 2)}`],
  [`HTTP ${http.connections} conns: express answering the same result (${fmt(http.layers.expressSameAnswer.answerBytes)} B) vs echo`, `${fmt(http.layers.expressSameAnswer.rps)} req/s, p99 ${http.layers.expressSameAnswer.p99Ms} ms`, `ratios ${fmt(http.layers.expressSameAnswer.throughputRatio, 2)}, p99 ${fmt(http.layers.expressSameAnswer.p99Ratio, 2)}: the size of the answer alone`],
  [`HTTP ${http.connections} conns: CPU per request, score / logging off / echo / express same answer`, cpu.score === null ? 'n/a' : `${cpu.score} / ${cpu.loggingOff} / ${cpu.echo} / ${cpu.expressSameAnswer} µs`, 'each server process, user + system'],
  [`HTTP at ${http.fixedRate.rps} req/s offered: p99 score (echo)`, `${http.fixedRate.scoreP99Ms} ms (${http.fixedRate.echoP99Ms} ms)`, 'target < 10 ms'],
  [`HTTP ${http.connections} conns: /v1/score, worker pool busy vs idle`, `${fmt(http.poolSaturated.busy.rps)} vs ${fmt(http.poolSaturated.idle.rps)} req/s`, `ratio ${fmt(http.poolSaturated.throughputRatio, 2)} (target >= 0.80; ${http.poolSaturated.impactsAnswered} impacts of 5,000 answered meanwhile)`],
  [`HTTP ${http.connections} conns: p99 /v1/score, pool busy vs idle`, `${http.poolSaturated.busy.p99Ms} vs ${http.poolSaturated.idle.p99Ms} ms`, `ratio ${fmt(http.poolSaturated.p99Ratio, 2)} (target <= 2)`],
];
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`${results.machine.cores} cores, ${results.machine.cpu}, Node ${results.machine.node}; medians of interleaved rounds; corpus ${YEAR}, seed ${SEED}`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
