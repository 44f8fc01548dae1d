// mips-ia compare <file> [--years] [--json]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mips-ia-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const GROUP = { performanceYear: 2019, entityType: 'group', clinicians: { total: 20 }, activities: [{ id: 'IA_EPA_1', cliniciansPerforming: 1 }, { id: 'IA_PM_8' }] };

describe('mips-ia compare', () => {
  it('a table per year, the activities left out, each change with its cause', async () => {
    const { code, lines, stderr } = await cli(['compare', file('group.json', GROUP), '--years', '2017-2020']);
    expect([code, stderr]).toEqual([0, '']);
    expect(lines.slice(0, 6)).toEqual([
      'Submission of 2019 under 2017-2020',
      'YEAR  STATUS  POINTS  SCORE  IA WEIGHT  CONTRIBUTION  CHANGE',
      '2017  scored  30      75     15%        11.25',
      '2018  scored  20      50     15%        7.5           -10 points, -3.75 final',
      '2019  scored  20      50     15%        7.5           =',
      '2020  scored  0       0      15%        0             -20 points, -7.5 final',
    ]);
    expect(lines).toContain('Left out (not attestable that year):');
    expect(lines).toContain('  2018: IA_PM_8 (not in the inventory)');
    expect(lines).toContain('  2017 → 2018: -10 points, final score -3.75');
    expect(lines).toContain('    - IA_PM_8 not in the 2018 inventory');
    expect(lines).toContain('  2019 → 2020: -20 points, final score -7.5');
    expect(lines).toContainEqual(expect.stringMatching(/^    - thresholds\.groupActivityMinShare 0 → 0\.5 \(42 CFR 414\.1360\(a\)\(2\)/));
  });

  it('--json; --years takes lists; refusals are rows', async () => {
    const app = file('app.json', { performanceYear: 2021, reportingOption: 'app', apm: { participation: 'mipsApm' } });
    const { code, stdout } = await cli(['compare', app, '--years', '2019,2020-2021', '--json']);
    expect(code).toBe(0);
    const c = JSON.parse(stdout);
    expect(c.years).toEqual([2019, 2020, 2021]);
    expect(c.rows.map((r: { status: string }) => r.status)).toEqual(['rejected', 'rejected', 'scored']);
    expect(c.rows[2].causes[0].key).toBe('rule:no-app-yet');
  });

  it('errors: bad years (exit 2), an invalid submission or not JSON (exit 1)', async () => {
    const ok = file('ok.json', GROUP);
    expect(await cli(['compare', ok, '--years', '2016-2018'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^mips-ia: --years: no pack for 2016; the packs cover 2017-/) });
    expect(await cli(['compare', ok, '--years', '2020-2018'])).toMatchObject({ code: 2, stderr: 'mips-ia: --years: 2020-2018 runs backwards\n' });
    expect(await cli(['compare', ok, '--years', 'soon'])).toMatchObject({ code: 2 });
    const bad = await cli(['compare', file('bad.json', { performanceYear: 2019, entityType: 'team' })]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^mips-ia: INVALID_SUBMISSION: /);
    expect(await cli(['compare', file('nojson.json', '{')])).toMatchObject({ code: 1, stderr: expect.stringContaining('is not JSON') });
    expect(await cli(['compare', join(dir, 'missing.json')])).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read') });
  });
});
