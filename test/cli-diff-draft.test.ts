// mips-ia diff with a draft pack (diff 2026 draft.yaml, diff --pack draft.yaml) and diff --format csv.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mips-ia-diff-draft-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// A proposed 2027: 2026 without IA_EPA_2 (telehealth), and with a 60-day minimum period.
const draft = write('draft-2027.yaml', `year: 2027
extends: 2026
title: A proposed 2027
sources: { nprm: { citation: "a proposed rule" } }
inventory:
  removed:
    - IA_EPA_2
parameters:
  thresholds:
    minContinuousDays: { value: 60, reference: "a proposed rule: 60 days" }
`);

describe('mips-ia diff with a draft pack', () => {
  it('diff 2026 draft.yaml and diff --pack draft.yaml list the draft\'s changes', async () => {
    const { code, lines, stderr } = await cli(['diff', '2026', draft]);
    expect([code, stderr]).toEqual([0, '']);
    expect(lines[0]).toBe('2026 → 2027: MIPS Improvement Activities, performance year 2026 → A proposed 2027');
    expect(lines[1]).toMatch(/^Activities: 95 → 94 attestable; 0 added, 1 removed, 0 renumbered, /);
    expect(lines).toContainEqual(expect.stringMatching(/^  - IA_EPA_2 +- +Use of telehealth services that expand practice access$/));
    expect(lines).toContainEqual(expect.stringMatching(/^  thresholds\.minContinuousDays: 90 days → 60 days$/));
    // --pack compares with the year the draft extends unless a year is given.
    expect((await cli(['diff', '--pack', draft])).stdout).toBe((await cli(['diff', '2026', draft])).stdout);
    const from2024 = await cli(['diff', '2024', '--pack', draft, '--json']);
    expect(JSON.parse(from2024.stdout)).toMatchObject({ from: { year: 2024 }, to: { year: 2027, file: 'draft-2027.yaml', title: 'A proposed 2027' } });
  });

  it('a bad draft gives the pack error with file:line:column, exit 1', async () => {
    const broken = write('broken.yaml', 'year: 2027\nextends: 2026\ntitle: x\nsources: { a: { citation: b } }\ninventory:\n  removed: [IA_NOPE_1]\n');
    const bad = await cli(['diff', '2026', broken]);
    expect([bad.code, bad.stdout]).toEqual([1, '']);
    expect(bad.stderr).toBe(`${broken}:6:13 PACK_NOT_PRESENT inventory.removed[0]: cannot remove IA_NOPE_1: it is not in the 2026 inventory\n${broken}: 1 error\n`);
    expect((await cli(['diff', '--pack', broken])).stderr).toBe(bad.stderr);
  });

  it('usage errors: a missing draft, <to> and --pack, one year alone', async () => {
    expect(await cli(['diff', '2026', join(dir, 'nope.yaml')])).toMatchObject({ code: 2, stderr: `mips-ia: no such file: ${join(dir, 'nope.yaml')}\n` });
    expect(await cli(['diff', '2026', 'nonsense'])).toMatchObject({ code: 2, stderr: expect.stringContaining("'nonsense' is not a year") });
    expect(await cli(['diff', '2025', '2026', '--pack', draft])).toMatchObject({ code: 2, stderr: 'mips-ia: choose one of <to> and --pack\n' });
    expect(await cli(['diff', '2026'])).toMatchObject({ code: 2, stderr: 'mips-ia: give two years, a year and a draft pack file, or --pack <file>\n' });
  });
});

describe('mips-ia diff --format csv', () => {
  it('a row per change, under a header', async () => {
    const { code, stdout } = await cli(['diff', '2019', '2020', '--format', 'csv']);
    expect(code).toBe(0);
    const [header, ...rows] = parse(stdout) as string[][];
    expect(header).toEqual(['section', 'change', 'id', 'title', 'field', 'from', 'to', 'reference']);
    const of = (section: string, change: string) => rows.filter((r) => r[0] === section && r[1] === change);
    // The counts of diff 2019 2020 --json: 3 added, 15 removed (README, Comparing years).
    expect(of('activity', 'added').map((r) => r[2])).toContain('IA_ERP_3');
    expect(of('activity', 'added')).toHaveLength(3);
    expect(of('activity', 'removed')).toHaveLength(15);
    expect(rows).toContainEqual(['parameter', 'changed', 'thresholds.groupActivityMinShare', '', '', '0 (share)', '0.5 (share)', expect.stringMatching(/^42 CFR 414\.1360\(a\)\(2\)/)]);
    // A weight table: a row per leaf that differs.
    expect(rows).toContainEqual(['parameter', 'changed', 'categoryWeights.traditional', '', 'quality.ia', '40%', '15%', expect.any(String)]);
    // A rule: a row per part, before and after.
    expect(rows).toContainEqual(['rule', 'changed', 'apm-half-credit', expect.any(String), 'conditions',
      'apmParticipation = otherApm AND (euc = false OR iaDataSubmitted = true)',
      'apmParticipation = otherApm AND submittedCategoryCount ≥ 1 AND (euc = false OR iaDataSubmitted = true)', expect.any(String)]);
    expect(of('rule', 'removed').map((r) => [r[2], r[4]])).toEqual([['cms-study', 'conditions'], ['cms-study', 'event']]);
  });

  it('renumbered activities and a draft\'s MVP changes', async () => {
    const renumbered = parse((await cli(['diff', '2017', '2026', '--format', 'csv'])).stdout) as string[][];
    expect(renumbered).toContainEqual(['activity', 'renumbered', 'IA_AHW_1', 'Chronic Care and Preventative Care Management for Empaneled Patients', 'id', 'IA_PM_13', 'IA_AHW_1', '']);
    const rows = parse((await cli(['diff', '--pack', draft, '--format', 'csv'])).stdout) as string[][];
    expect(rows).toContainEqual(['activity', 'removed', 'IA_EPA_2', 'Use of telehealth services that expand practice access', '', 'unweighted, expandedPracticeAccess', '', '']);
    expect(rows).toContainEqual(['mvp', 'activitiesChanged', 'G0053', 'Advancing Rheumatology Patient Care', 'activities', '-IA_EPA_2', '', '']);
    expect(await cli(['diff', '2019', '2020', '--format', 'csv', '--markdown'])).toMatchObject({ code: 2, stderr: 'mips-ia: choose one of --format csv and --markdown\n' });
  });
});
