// mips-ia test [dir]: the scenarios as a pass/fail table; failures side by side.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mips-ia-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  mkdirSync(join(dir, 'good', '2019'), { recursive: true });
  mkdirSync(join(dir, 'bad', 'cross'), { recursive: true });
  mkdirSync(join(dir, 'broken'), { recursive: true });
  writeFileSync(join(dir, 'good', '2019', 'one-high.yaml'), `name: one high activity
source: 42 CFR 414.1380(b)(3)
input:
  activities: [{ id: IA_EPA_1 }]
expect:
  points: 20
  rulesFired: [standard-points]
`);
  writeFileSync(join(dir, 'bad', 'cross', 'group.yaml'), `name: A group of 20, one clinician performed IA_EPA_1
source: 42 CFR 414.1360(a)(2), group attestation
years: [2019, 2020]
input:
  entityType: group
  clinicians: { total: 20 }
  activities: [{ id: IA_EPA_1, cliniciansPerforming: 1 }]
expect:
  points: 20
  activities:
    - { id: IA_EPA_1, counted: true }
`);
  writeFileSync(join(dir, 'bad', 'cross', 'error.yaml'), `name: expects an error
source: nowhere
years: [2019]
input: { activities: [{ id: IA_EPA_1 }] }
expect:
  error: { code: UNKNOWN_ACTIVITY }
`);
  writeFileSync(join(dir, 'broken', 'x.yaml'), 'name: x\nsource: a: b: c\n');
  writeFileSync(join(dir, 'nameless.yaml'), 'source: nowhere\nyears: [2019]\ninput: {}\nexpect: {}\n');
  mkdirSync(join(dir, 'broken', '2019'));
  writeFileSync(join(dir, 'broken', '2019', 'fine.yaml'), 'name: fine\nsource: 42 CFR 414.1380(b)(3)\ninput: { activities: [{ id: IA_EPA_1 }] }\nexpect: { points: 20 }\n');
});

describe('mips-ia test', () => {
  it('runs the package scenarios by default (cross-year included), all passing', async () => {
    const { code, lines } = await cli(['test', '--failures']);
    expect(lines.at(-1)).toMatch(/^\d+ scenarios, \d+ runs: \d+ passed, 0 failed$/);
    expect(code).toBe(0);
    const cross = await cli(['test', join(__dirname, 'scenarios', 'cross-year'), '--year', '2020']);
    expect(cross.code).toBe(0);
    expect(cross.lines[0]).toMatch(/^RESULT +YEAR +SCENARIO +NAME$/);
    expect(cross.lines).toContainEqual(expect.stringMatching(/^pass +2020 +.*group-one-clinician-2020-on\.yaml +A group of 20 where one clinician/));
  });

  it('a pass/fail table; failures show expected and actual side by side and the rules that fired; exit 1', async () => {
    const { code, lines } = await cli(['test', join(dir, 'bad')]);
    expect(code).toBe(1);
    const table = lines.slice(0, 4);
    expect(table[0]).toMatch(/^RESULT +YEAR +SCENARIO +NAME$/);
    expect(table.slice(1).map((l) => l.split(/ {2,}/).slice(0, 2))).toEqual([['FAIL', '2019'], ['pass', '2019'], ['FAIL', '2020']]);
    const at = lines.findIndex((l) => /^FAIL 2020 .*group\.yaml: A group of 20/.test(l));
    expect(lines[at + 1]).toBe('  source: 42 CFR 414.1360(a)(2), group attestation');
    expect(lines[at + 2]).toMatch(/^ {5}PATH +EXPECTED +ACTUAL$/);
    expect(lines[at + 3]).toMatch(/^ {2}✗ {2}points +20 +0$/);
    expect(lines[at + 4]).toMatch(/^ {5}activities\[0\]\.id +"IA_EPA_1" +"IA_EPA_1"$/);
    expect(lines[at + 5]).toMatch(/^ {2}✗ {2}activities\[0\]\.counted +true +false$/);
    expect(lines).toContainEqual(expect.stringMatching(/^  actual: 0 points \(raw 0\), category score 0, IA weight 15%$/));
    expect(lines).toContainEqual(expect.stringMatching(/^    IA_EPA_1 high: 0 points, not counted \(performed by 1 of 20 clinicians; at least 10 needed/));
    expect(lines).toContain('  rules fired:');
    expect(lines).toContainEqual(expect.stringMatching(/^    standard-points: activities earn points\.standard/));
    expect(lines).toContainEqual(expect.stringMatching(/^  ✗  error +\{"code":"UNKNOWN_ACTIVITY"\} +"\(no error: a result of 20 points\)"$/));
    expect(lines.at(-1)).toBe('2 scenarios, 3 runs: 1 passed, 2 failed');
  });

  it('--json; a missing file or folder is exit 2', async () => {
    const { code, stdout } = await cli(['test', join(dir, 'bad'), '--json']);
    expect(code).toBe(1);
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({ ok: false, scenarios: 2, runs: 3, passed: 1, failed: 2 });
    const failed = r.outcomes.find((o: { year: number; pass: boolean }) => o.year === 2020 && !o.pass);
    expect(failed.sideBySide).toContainEqual({ path: 'points', expected: 20, actual: 0, ok: false });
    expect(failed.rulesFired).toContain('standard-points');
    expect(await cli(['test', join(dir, 'good')])).toMatchObject({ code: 0 });
    expect(await cli(['test', join(dir, 'nowhere')])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file or folder') });
  });

  it('a scenario file as the argument runs that one file', async () => {
    const { code, lines, stderr } = await cli(['test', join(dir, 'good', '2019', 'one-high.yaml')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines[1]).toMatch(/^pass +2019 +.*good\/2019\/one-high\.yaml +one high activity$/);
    expect(lines.at(-1)).toBe('1 scenario, 1 run: 1 passed, 0 failed');
    expect(await cli(['test', join(dir, 'bad', 'cross', 'error.yaml')])).toMatchObject({ code: 1 });
  });

  it('a broken file is a failure with its file, line, column and message; the others still run; exit 1', async () => {
    const { code, lines, stderr } = await cli(['test', join(dir, 'broken')]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(lines[1]).toMatch(/^FAIL +- +.*broken\/x\.yaml +\(not loaded\)$/);
    expect(lines).toContainEqual(expect.stringMatching(/^FAIL .*broken\/x\.yaml: line 2, column 9: Nested mappings are not allowed in compact mappings$/));
    expect(lines.at(-1)).toBe('1 scenario, 1 run: 1 passed, 0 failed, 1 file not loaded');
    const json = JSON.parse((await cli(['test', join(dir, 'broken'), '--json'])).stdout);
    expect(json).toMatchObject({ ok: false, scenarios: 1, runs: 1, failed: 0, broken: [{ file: expect.stringMatching(/broken\/x\.yaml$/), message: 'line 2, column 9: Nested mappings are not allowed in compact mappings' }] });
    const missingKey = await cli(['test', join(dir, 'nameless.yaml')]);
    expect(missingKey.code).toBe(1);
    expect(missingKey.lines).toContainEqual(expect.stringMatching(/^FAIL .*nameless\.yaml: scenario needs 'name'$/));
  });

  it('a run that finds nothing to run is exit 2 with one line saying why', async () => {
    const noPack = await cli(['test', join(dir, 'good'), '--year', '2099']);
    expect(noPack.code).toBe(2);
    expect(noPack.stdout).toBe('');
    expect(noPack.stderr).toMatch(/^mips-ia: --year: no pack for 2099; the packs cover 2017-\d{4}; nothing to run\n$/);
    const noRun = await cli(['test', join(dir, 'good'), '--year', '2020']);
    expect(noRun.code).toBe(2);
    expect(noRun.stdout).toBe('');
    expect(noRun.stderr).toBe(`mips-ia: --year 2020: none of the 1 scenario in ${join(dir, 'good')} runs in 2020; nothing to run\n`);
  });
});
