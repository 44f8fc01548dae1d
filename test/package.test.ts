// The npm package as a stranger gets it: `npm pack`, the tarball installed into an empty folder
// (from the local npm cache where it can), then the installed `mips-ia` scores a submission and
// runs the bundled scenarios, and `import { loadPacks, score } from 'mips-ia-rules'` works.
// dist/ is current (the global setup builds it), so the pack skips the prepare script.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../engine/paths.js';

const folder = mkdtempSync(join(tmpdir(), 'mips-ia-package-'));
const installed = join(folder, 'node_modules', 'mips-ia-rules');
let shipped: string[] = [];

/** The npm running this suite (npm test sets npm_execpath), else the one on PATH. */
function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const cli = process.env.npm_execpath;
  const [command, argv] = cli && /npm-cli\.js$/.test(cli) ? [process.execPath, [cli, ...args]] : ['npm', args];
  const r = spawnSync(command, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

function mipsIa(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(join(folder, 'node_modules', '.bin', 'mips-ia'), args, { cwd: folder, encoding: 'utf8' });
}

beforeAll(() => {
  const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', folder], packageRoot).stdout) as { filename: string; files: { path: string }[] }[];
  shipped = packed.files.map((f) => f.path);
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'a-stranger', private: true, type: 'module' }));
  // No install scripts: the package needs none, and its dependencies' are not run on a user's behalf here.
  npm(['install', join(folder, packed.filename), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], folder);
}, 300_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the packed package, installed into an empty folder', () => {
  it('ships the built code, packs, schemas, scenarios, licence and changelog, and nothing of the repository besides', () => {
    for (const path of ['dist/cli/main.js', 'dist/engine/index.js', 'dist/engine/index.d.ts', 'dist/rulepacks.snapshot.json', 'dist/web/index.html',
      'rulepacks/2017.yaml', 'schemas/result.schema.json', 'test/scenarios/2017/joy-smith.yaml', 'LICENSE', 'CHANGELOG.md', 'README.md', 'package.json']) {
      expect(shipped, path).toContain(path);
    }
    const outside = shipped.filter((p) => !/^(dist|rulepacks|schemas|test\/scenarios)\//.test(p) && !['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json'].includes(p));
    expect(outside).toEqual([]);
    expect(shipped.filter((p) => p.endsWith('.map') || p.startsWith('dist/.'))).toEqual([]);
  });

  it("LICENSE is package.json's (MIT); CHANGELOG.md's latest release is package.json's version, naming the API and result format versions", () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string; license: string };
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    const changelog = readFileSync(join(installed, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    const latest = changelog.slice(changelog.search(/^## \[\d/m)).split(/^## /m)[1];
    expect(latest).toMatch(new RegExp(`^\\[${pkg.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}\n`));
    expect(latest).toContain('`/v1`');
    expect(latest).toContain('`mips-ia.result.v1`');
  });

  it('mips-ia score: the QPP Submissions API example earns 40 points, 15 final-score points', () => {
    // test/fixtures/submissions/qpp-example-2023.json is test/reference/qpp-submission/submission-example-ia.json as a
    // native submission; scoring-example-output-ia.json beside it: IA value 40, "Scoring based on weight of 15%".
    copyFileSync(join(packageRoot, 'test/fixtures/submissions/qpp-example-2023.json'), join(folder, 'submission.json'));
    const r = mipsIa(['score', 'submission.json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'mips-ia.result.v1', performanceYear: 2023, points: 40, categoryWeight: 15, finalScoreContribution: 15 });
  });

  it('mips-ia test runs the bundled scenarios from inside the package, all passing', () => {
    const r = mipsIa(['test', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const scenarioFiles = readdirSync(join(packageRoot, 'test/scenarios'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, scenarios: scenarioFiles.length, failed: 0 });
    expect(readdirSync(join(installed, 'test'))).toEqual(['scenarios']);
  });

  it("import { loadPacks, score } from 'mips-ia-rules': the bundled packs, a score, ScoreError for bad input", () => {
    const script = `
      import { loadPacks, score, ScoreError } from 'mips-ia-rules';
      const packs = loadPacks();
      // CMS's "MIPS Improvement Activities Fact Sheet" (2017): "Dr. Joy Smith is in a practice of more than 15 clinicians,
      // and she could get 40 points for the Improvement Activity score by selecting 1 medium-weighted activity from the
      // Beneficiary Engagement Subcategory, 1 medium-weighted from Patient Safety and Practice Assessment Subcategory,
      // and 1 high-weighted activity from the Integrated Behavioral Health Subcategory." IA_BE_1, IA_PSPA_1 medium; IA_BMH_7 high.
      const joy = await score(packs, { performanceYear: 2017, activities: [{ id: 'IA_BE_1' }, { id: 'IA_PSPA_1' }, { id: 'IA_BMH_7' }] });
      let error;
      try { await score(packs, { performanceYear: 2024, activities: [{ id: 'IA_PM_8' }] }); } catch (e) { error = e instanceof ScoreError ? e.code : String(e); }
      process.stdout.write(JSON.stringify({ years: [...packs.keys()].length, points: joy.points, format: joy.format, error }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: folder, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ years: 10, points: 40, format: 'mips-ia.result.v1', error: 'UNKNOWN_ACTIVITY' });
  });
});
