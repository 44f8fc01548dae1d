import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { Command } from 'commander';
import { packageRoot } from '../../engine/paths.js';
import { sideBySide } from '../../engine/scenario/report.js';
import { loadScenarios, runScenario, type Scenario, type ScenarioOutcome } from '../../engine/scenario/scenario.js';
import { CliError, EXIT, type CliContext, printJson } from '../context.js';
import { columns, plural } from '../../engine/format/text.js';

interface Options {
  json?: boolean;
  failures?: boolean;
  year?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('test')
    .description('run the YAML scenarios of a folder (default: test/scenarios of the package) and print a pass/fail table; exit 1 on any failure')
    .argument('[dir]', 'a folder of scenarios (searched recursively)')
    .option('--year <year>', 'only the runs of this year')
    .option('--failures', 'list only the failed runs')
    .option('--json', 'print the outcomes as JSON')
    .action((dir: string | undefined, opts: Options) => run(ctx, dir, opts));
}

async function run(ctx: CliContext, dir: string | undefined, opts: Options): Promise<void> {
  const folder = dir ?? join(packageRoot, 'test', 'scenarios');
  if (!existsSync(folder)) throw new CliError(`no such folder: ${folder}`);
  let scenarios: Scenario[];
  try {
    scenarios = loadScenarios(folder);
  } catch (e) {
    throw new CliError(whichFile(folder) ?? (e as Error).message, EXIT.invalid);
  }
  if (scenarios.length === 0) throw new CliError(`no scenarios (*.yaml) in ${folder}`);
  const year = opts.year === undefined ? undefined : Number(opts.year);
  if (opts.year !== undefined && !/^\d{4}$/.test(opts.year)) throw new CliError(`--year: '${opts.year}' is not a year`);
  const packs = ctx.packs();
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of scenarios) {
    for (const y of scenario.years) if (year === undefined || y === year) outcomes.push(await runScenario(packs, scenario, y));
  }
  const failed = outcomes.filter((o) => !o.pass);
  ctx.exitCode = failed.length > 0 ? EXIT.invalid : EXIT.ok;

  if (opts.json) {
    printJson(ctx.print, {
      ok: failed.length === 0,
      scenarios: scenarios.length,
      runs: outcomes.length,
      passed: outcomes.length - failed.length,
      failed: failed.length,
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
  if (listed.length > 0) {
    for (const line of columns([['RESULT', 'YEAR', 'SCENARIO', 'NAME'], ...listed.map((o) => [o.pass ? 'pass' : 'FAIL', String(o.year), o.scenario.file, o.scenario.name])])) ctx.print(line);
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
  ctx.print(`${plural(scenarios.length, 'scenario')}, ${plural(outcomes.length, 'run')}: ${outcomes.length - failed.length} passed, ${failed.length} failed`);
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const text = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** The first scenario file that is not YAML, with the parser's message (loadScenarios does not name it). */
function whichFile(dir: string): string | undefined {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const found = whichFile(path);
      if (found) return found;
    } else if (/\.ya?ml$/.test(name)) {
      try {
        parse(readFileSync(path, 'utf8'));
      } catch (e) {
        return `${relative(process.cwd(), path)}: ${(e as Error).message.split('\n')[0]}`;
      }
    }
  }
  return undefined;
}
