import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../../engine/paths.js';
import { sideBySide } from '../../engine/scenario/report.js';
import { loadScenarioFiles, runScenario, type ScenarioOutcome } from '../../engine/scenario/scenario.js';
import { CliError, EXIT, type CliContext, printJson } from '../context.js';
import { columns, plural } from '../../engine/format/text.js';
import { formatYears } from '../../engine/format/text.js';

interface Options {
  json?: boolean;
  failures?: boolean;
  year?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('test')
    .description('run the YAML scenarios of a file or folder (default: test/scenarios of the package) and print a pass/fail table; exit 1 on any failure or unloadable file, 2 when nothing runs')
    .argument('[path]', 'a scenario file, or a folder of scenarios (searched recursively)')
    .option('--year <year>', 'only the runs of this year')
    .option('--failures', 'list only the failed runs')
    .option('--json', 'print the outcomes as JSON')
    .action((dir: string | undefined, opts: Options) => run(ctx, dir, opts));
}

async function run(ctx: CliContext, dir: string | undefined, opts: Options): Promise<void> {
  const path = dir ?? join(packageRoot, 'test', 'scenarios');
  if (!existsSync(path)) throw new CliError(`no such file or folder: ${path}`);
  if (opts.year !== undefined && !/^\d{4}$/.test(opts.year)) throw new CliError(`--year: '${opts.year}' is not a year`);
  const year = opts.year === undefined ? undefined : Number(opts.year);
  const { scenarios, broken } = loadScenarioFiles(path);
  if (scenarios.length === 0 && broken.length === 0) throw new CliError(`no scenarios (*.yaml) in ${path}`);
  const packs = ctx.packs();
  if (year !== undefined && !packs.has(year)) throw new CliError(`--year: no pack for ${year}; the packs cover ${formatYears([...packs.keys()])}; nothing to run`);
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of scenarios) {
    for (const y of scenario.years) if (year === undefined || y === year) outcomes.push(await runScenario(packs, scenario, y));
  }
  if (outcomes.length === 0 && broken.length === 0) throw new CliError(`--year ${year}: none of the ${plural(scenarios.length, 'scenario')} in ${path} runs in ${year}; nothing to run`);
  const failed = outcomes.filter((o) => !o.pass);
  ctx.exitCode = failed.length + broken.length > 0 ? EXIT.invalid : EXIT.ok;

  if (opts.json) {
    printJson(ctx.print, {
      ok: failed.length + broken.length === 0,
      scenarios: scenarios.length,
      runs: outcomes.length,
      passed: outcomes.length - failed.length,
      failed: failed.length,
      broken,
      outcomes: outcomes.map((o) => ({
        file: o.scenario.file,
        name: o.scenario.name,
        year: o.year,
        pass: o.pass,
        ...(o.pass ? {} : { source: o.scenario.source, mismatches: o.mismatches, sideBySide: sideBySide(o), rulesFired: o.actual?.rules.map((r) => r.name) ?? [], ...(o.error ? { error: o.error } : {}) }),
      })),
    });
    return;
  }
  const listed = opts.failures ? failed : outcomes;
  if (listed.length + broken.length > 0) {
    const rows = [...broken.map((b) => ['FAIL', '-', b.file, '(not loaded)']), ...listed.map((o) => [o.pass ? 'pass' : 'FAIL', String(o.year), o.scenario.file, o.scenario.name])];
    for (const line of columns([['RESULT', 'YEAR', 'SCENARIO', 'NAME'], ...rows])) ctx.print(line);
  }
  for (const b of broken) {
    ctx.print();
    ctx.print(`FAIL ${b.file}: ${b.message}`);
  }
  for (const o of failed) {
    ctx.print();
    ctx.print(`FAIL ${o.year} ${o.scenario.file}: ${o.scenario.name}`);
    ctx.print(`  source: ${o.scenario.source}`);
    const rows = sideBySide(o);
    for (const line of columns([['', 'PATH', 'EXPECTED', 'ACTUAL'], ...rows.map((r) => [r.ok ? ' ' : '✗', r.path, show(r.expected), show(r.actual)])])) ctx.print(`  ${line}`);
    // Mismatches the table cannot place (none, normally): listed as the runner words them.
    if (rows.every((r) => r.ok)) for (const m of o.mismatches) ctx.print(`  ${m}`);
    if (o.actual) {
      ctx.print(`  actual: ${o.actual.points} points (raw ${o.actual.rawPoints}), category score ${o.actual.categoryScore}, IA weight ${o.actual.categoryWeight}%`);
      for (const a of o.actual.activities) ctx.print(`    ${a.id} ${a.weight ?? '-'}: ${a.points} points${a.counted ? '' : ', not counted'}${a.reason ? ` (${a.reason})` : ''}`);
      ctx.print('  rules fired:');
      for (const r of o.actual.rules) ctx.print(`    ${r.name}: ${r.effect}`);
    } else if (o.error) {
      ctx.print(`  error: ${o.error.code}: ${o.error.message}`);
    }
  }
  ctx.print();
  const notLoaded = broken.length > 0 ? `, ${plural(broken.length, 'file')} not loaded` : '';
  ctx.print(`${plural(scenarios.length, 'scenario')}, ${plural(outcomes.length, 'run')}: ${outcomes.length - failed.length} passed, ${failed.length} failed${notLoaded}`);
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const text = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
