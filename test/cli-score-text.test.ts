// mips-ia score as text: --format text, and the default on a terminal (JSON when piped stays as it was).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../cli/program.js';
import { packageRoot } from '../engine/paths.js';
import { cli, PUBLISHED } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mips-ia-score-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

// README's worked example: a group of 12 in 2024 is a small practice (15 or fewer), so a medium
// activity earns 20 points (42 CFR 414.1380(b)(3)); IA_PM_22, done by 3 of 12, misses the 50% group
// share of 2020 on (thresholds.groupActivityMinShare): 20 of 40 points, 50, 7.5 at the 15% weight.
const worked = file('worked.json', {
  performanceYear: 2024, entityType: 'group', clinicians: { total: 12 },
  activities: [
    { id: 'IA_BE_4', performanceStart: '2024-03-01', performanceEnd: '2024-08-31', cliniciansPerforming: 7 },
    { id: 'IA_PM_22', cliniciansPerforming: 3 },
  ],
});

describe('mips-ia score --format text', () => {
  it('the numbers, each activity with its status and reason, the rules, from the result', async () => {
    const { code, lines, stderr } = await cli(['score', worked, '--format', 'text']);
    expect([code, stderr]).toEqual([0, '']);
    expect(lines[0]).toMatch(/^Performance year 2024, group, traditional MIPS \(pack sha256:[0-9a-f]{12}…\)$/);
    expect(lines.slice(1, 15)).toEqual([
      'Points:          20 of 40',
      'Category score:  50',
      'IA weight:       15% (categoryWeights.smallPractice, row none: quality 30, cost 30, IA 15, PI 25)',
      'Contribution:    7.5 of the 100 final-score points',
      'Basis:           activities',
      'Special status:  applied: small practice (derived: 12 clinicians; thresholds.smallPracticeMaxClinicians@2017 → 15 or fewer)',
      'Activities:',
      '  ID        WEIGHT  POINTS  STATUS                            TITLE',
      '  IA_BE_4   medium      20  counted                           Engagement of patients through implementation of improvements in patient portal',
      '  IA_PM_22  medium       0  not counted: group share not met  Improving Practice Capacity for Human Immunodeficiency Virus (HIV) Prevention Services',
      '      performed by 3 of 12 clinicians; at least 6 needed: thresholds.groupActivityMinClinicians@2017 → 1, thresholds.groupActivityMinShare@2020 → 0.5',
      'Rules:',
      '  small-practice-weights (2022): category weights from categoryWeights.smallPractice, row none: IA weighs 15%',
      '      42 CFR 414.1380(c)(2)(ii)(G)',
    ]);
    expect(lines).toContain('  special-status-points (2017): activities earn points.specialStatus (medium 20, high 40), capped at 40 points');
    expect(lines.join('\n')).not.toContain('Warnings:');
  });

  it('parameters an outcome read that its reason does not quote are listed; the cap and the warnings shown', async () => {
    // The 2018 pack's PCMH site test: a group's PCMH attestation needs at least half its sites recognized.
    const pcmh = file('pcmh.json', {
      performanceYear: 2024, entityType: 'group', clinicians: { total: 40 }, practiceSites: { total: 4, pcmhRecognized: 1 },
      activities: [{ id: 'IA_PCMH' }],
    });
    const { lines } = await cli(['score', pcmh, '--format', 'text', '--no-explain']);
    expect(lines).toContain('Points:          0 of 40');
    expect(lines).toContain('Basis:           -');
    expect(lines.slice(lines.indexOf('Activities:') + 2)).toEqual([
      '  IA_PCMH  -            0  not counted: PCMH site test not met  Electronic submission of Patient Centered Medical Home accreditation',
      '      PCMH attested, but the practice-site test of the year is not met',
      '      reads thresholds.pcmhMinSites@2017 → 1; thresholds.pcmhMinSiteShare@2018 → 0.5',
      'Warnings:',
      '  PCMH attested but not credited: 1 of 4 practice sites recognized; thresholds.pcmhMinSites@2017 → 1 and thresholds.pcmhMinSiteShare@2018 → 0.5 needed',
    ]);
    expect(lines).not.toContain('Rules:'); // --no-explain
    // CMS's 2023 QPP example: 60 raw points capped at 40.
    const capped = await cli(['score', join(packageRoot, 'test/fixtures/submissions/qpp-example-2023.json'), '--format', 'text']);
    expect(capped.lines).toContain('Points:          40 of 40 (60 before the cap)');
  });

  it('is the default on a terminal; piped (or --json, --format json) the JSON is unchanged', async () => {
    const run_ = async (args: string[], isTTY: boolean) => {
      let stdout = '';
      const stdoutStream = Object.assign(new Writable({ write: (_c, _e, done) => done() }), { isTTY });
      const code = await run(['node', 'mips-ia', 'score', worked, ...args], { io: { stdout: (s) => void (stdout += s), stderr: () => {}, stdoutStream }, packsDir: PUBLISHED });
      return { code, stdout };
    };
    const tty = await run_([], true);
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/^Performance year 2024, group/);
    const piped = await run_([], false);
    expect(JSON.parse(piped.stdout)).toMatchObject({ points: 20, categoryScore: 50, finalScoreContribution: 7.5 });
    expect((await run_(['--json'], true)).stdout).toBe(piped.stdout);
    expect((await run_(['--format', 'json'], true)).stdout).toBe(piped.stdout);
  });

  it('--format text with --ndjson or --json: a usage error', async () => {
    expect(await cli(['score', worked, '--ndjson', '--format', 'text'])).toMatchObject({ code: 2, stdout: '', stderr: 'mips-ia: --ndjson prints JSON lines: leave out --format text\n' });
    expect(await cli(['score', worked, '--json', '--format', 'text'])).toMatchObject({ code: 2, stderr: 'mips-ia: choose one of --format text and --json\n' });
  });

  it('a refused submission is still the error on stderr, exit 1', async () => {
    const bad = file('bad.json', { performanceYear: 2024, activities: [{ id: 'IA_PM_8' }] });
    const { code, stdout, stderr } = await cli(['score', bad, '--format', 'text']);
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toBe('mips-ia: UNKNOWN_ACTIVITY: 1 activity is not attestable in 2024\n  activities[0].id: ACTIVITY_UNKNOWN: IA_PM_8 is not in the 2024 inventory; it exists in 2017\n');
  });
});
