// mips-ia diff <from> <to> [--json|--markdown]
import { describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

describe('mips-ia diff', () => {
  it('2023 2024 --markdown: the changes of the 2024 Quick Start Guide', async () => {
    const { code, stdout, stderr } = await cli(['diff', '2023', '2024', '--markdown']);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^# Improvement Activities: changes from 2023 to 2024\n/);
    expect(stdout).toContain('| Activities added | 5 |');
    expect(stdout).toContain('| Activities removed | 3 |');
    for (const id of ['IA_PM_22', 'IA_MVP', 'IA_PM_23', 'IA_BMH_14', 'IA_BMH_15']) expect(stdout).toMatch(new RegExp(`## Activities added \\(5\\)[^#]*- \\*\\*${id}\\*\\*: `));
    for (const id of ['IA_BMH_6', 'IA_BMH_13', 'IA_PSPA_29']) expect(stdout).toMatch(new RegExp(`## Activities removed \\(3\\)[^#]*- \\*\\*${id}\\*\\*: `));
    expect(stdout).toMatch(/## Activities modified \(1\)\n\n- \*\*IA_PSPA_16\*\*: /);
    expect(stdout.endsWith('\n')).toBe(true);
  });

  it('the default is a readable listing', async () => {
    const { code, lines } = await cli(['diff', '2019', '2020']);
    expect(code).toBe(0);
    expect(lines[0]).toBe('2019 → 2020: MIPS Improvement Activities, performance year 2019 → MIPS Improvement Activities, performance year 2020');
    expect(lines[1]).toMatch(/^Activities: 118 → 106 attestable; 3 added, 15 removed, 0 renumbered, /);
    expect(lines).toContain('  thresholds.groupActivityMinShare: 0 (share) → 0.5 (share)');
    expect(lines).toContain('  thresholds.latestStartDate: 2019-10-03 → 2020-10-03 (informational: no rule reads it)');
    expect(lines).toContain('  thresholds.performanceThreshold: 30 final-score points → 45 final-score points (informational: no rule reads it)');
    expect(lines).toContainEqual(expect.stringMatching(/^  \+ IA_ERP_3 +high +COVID-19 Clinical Trials/));
    expect(lines).toContainEqual(expect.stringMatching(/^  - cms-study: /));
    expect(lines).toContain('    conditions in 2020: apmParticipation = otherApm AND submittedCategoryCount ≥ 1 AND (euc = false OR iaDataSubmitted = true)');
  });

  it('--json gives the PackDiff', async () => {
    const { code, stdout } = await cli(['diff', '2017', '2018', '--json']);
    expect(code).toBe(0);
    const d = JSON.parse(stdout);
    expect(d.from.year).toBe(2017);
    expect(d.counts).toMatchObject({ added: 21, removed: 1, weightChanges: 3 });
    expect(d.activities.removed).toEqual([expect.objectContaining({ id: 'IA_PM_8', weight: 'medium' })]);
  });

  it('bad years and both formats: a message, exit 2', async () => {
    expect(await cli(['diff', '2016', '2018'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^mips-ia: no pack for 2016; the packs cover 2017-/) });
    expect(await cli(['diff', 'x', '2018'])).toMatchObject({ code: 2, stderr: expect.stringContaining("'x' is not a year") });
    expect(await cli(['diff', '2017', '2018', '--json', '--markdown'])).toMatchObject({ code: 2, stderr: 'mips-ia: choose one of --json and --markdown\n' });
  });
});
