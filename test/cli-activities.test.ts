// mips-ia activities: the filters of GET /v1/years/{year}/activities (--mvp, --search, --weight none)
// and --format csv, on the published packs.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadPacks } from '../engine/pack/load.js';
import { cli, PUBLISHED } from './fixtures/run-cli.js';

const packs = loadPacks(PUBLISHED);
const ids = (stdout: string) => (JSON.parse(stdout) as { id: string }[]).map((a) => a.id);

describe('mips-ia activities filters', () => {
  it('--mvp lists the activities of the MVP, in ID order, whatever the case of its ID', async () => {
    const { code, stdout, stderr } = await cli(['activities', '2024', '--mvp', 'G0053', '--json']);
    expect([code, stderr]).toEqual([0, '']);
    // The 2024 pack's G0053 (CMS qpp-measures-data mvp/2024/mvp.json): its activities, IA_PCMH and IA_MVP among them.
    expect(ids(stdout)).toEqual(packs.get(2024)!.mvps.get('G0053')!.activities);
    expect(ids(stdout)).toEqual(expect.arrayContaining(['IA_EPA_1', 'IA_MVP', 'IA_PCMH']));
    expect((await cli(['activities', '2024', '--mvp', 'g0053', '--json'])).stdout).toBe(stdout);
  });

  it('--search (-q) finds text in the ID, title or description, any case; the filters combine', async () => {
    expect(ids((await cli(['activities', '2024', '-q', 'ia_epa_1', '--json'])).stdout)).toEqual(['IA_EPA_1']);
    const { lines } = await cli(['activities', '2024', '--search', 'ANTICOAGULANT', '--subcategory', 'populationManagement', '--weight', 'high']);
    expect(lines).toEqual(['ID       WEIGHT  SUBCATEGORY           TITLE', 'IA_PM_2  high    populationManagement  Anticoagulant Management Improvements']);
    // IA_EPA_2's title says telehealth; IA_PM_2's description does.
    expect(ids((await cli(['activities', '2026', '--search', 'telehealth', '--json'])).stdout)).toEqual(['IA_EPA_2', 'IA_PM_2']);
    expect((await cli(['activities', '2024', '--mvp', 'G0053', '-q', 'no activity says this', '--json'])).stdout).toBe('[]\n');
  });

  it('--weight none: the activities that carry no weight in a weighted year (2024: IA_PCMH)', async () => {
    expect(ids((await cli(['activities', '2024', '--weight', 'none', '--json'])).stdout)).toEqual(['IA_PCMH']);
    expect(ids((await cli(['activities', '2026', '--weight', 'none', '--json'])).stdout)).toHaveLength(packs.get(2026)!.activities.size);
  });

  it('an unknown MVP names those of the year (or says it has none), exit 2', async () => {
    const bad = await cli(['activities', '2024', '--mvp', 'G9999']);
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toMatch(/^mips-ia: no MVP G9999 in 2024; expected one of G0053, G0054, .*M1370\n$/);
    expect(await cli(['activities', '2020', '--mvp', 'G0053'])).toMatchObject({ code: 2, stderr: 'mips-ia: no MVP G0053 in 2020; the year has no MVPs\n' });
    expect((await cli(['activities', '2024', '--weight', 'low'])).stderr).toContain('Allowed choices are medium, high, none.');
  });
});

describe('mips-ia activities --format csv', () => {
  it('a header and a row per activity, lists joined with "; ", quoted where needed', async () => {
    const { code, stdout } = await cli(['activities', '2024', '--subcategory', 'populationManagement', '--format', 'csv']);
    expect(code).toBe(0);
    const rows = parse(stdout) as string[][];
    expect(rows[0]).toEqual(['id', 'title', 'subcategory', 'weight', 'cehrtEligible', 'mvpOnly', 'allowedPrograms', 'description']);
    const expected = [...packs.get(2024)!.activities.values()].filter((a) => a.subcategory === 'populationManagement');
    expect(rows.slice(1).map((r) => r[0])).toEqual(expected.map((a) => a.id));
    const pm2 = rows.find((r) => r[0] === 'IA_PM_2')!;
    expect(pm2.slice(0, 4)).toEqual(['IA_PM_2', 'Anticoagulant Management Improvements', 'populationManagement', 'high']);
    expect(pm2[6]).toBe(packs.get(2024)!.activities.get('IA_PM_2')!.allowedPrograms!.join('; '));
    expect(pm2[7]).toMatch(/^Individual MIPS eligible clinicians and groups who prescribe anti-coagulation medications \(including/);
    expect(stdout).toContain('"Individual MIPS eligible clinicians'); // a description with commas is quoted
  });

  it('--format and --json disagreeing: a usage error', async () => {
    expect(await cli(['activities', '2024', '--format', 'csv', '--json'])).toMatchObject({ code: 2, stdout: '', stderr: 'mips-ia: choose one of --format csv and --json\n' });
    expect((await cli(['activities', '2024', '--format', 'json', '--json'])).code).toBe(0);
    expect((await cli(['activities', '2024', '--format', 'xml'])).stderr).toContain('Allowed choices are text, json, csv.');
  });
});
