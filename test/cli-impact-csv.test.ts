// mips-ia impact --format csv: the report as one long table, a row per figure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, corpusFile } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mips-ia-impact-csv-'));
let corpus = '';
beforeAll(async () => void (corpus = await corpusFile(dir, 2019, 500, 42)), 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mips-ia impact --format csv', () => {
  it('the counts, the contribution, the histogram and the causes of the JSON report, a row each', async () => {
    const args = ['impact', '--from', '2019', '--to', '2020', '--corpus', corpus, '--top', '3'];
    const report = JSON.parse((await cli([...args, '--json'])).stdout);
    const { code, stdout, stderr } = await cli([...args, '--format', 'csv']);
    expect([code, stderr]).toEqual([0, '']);
    const [header, ...rows] = parse(stdout) as string[][];
    expect(header).toEqual(['section', 'item', 'value', 'percent', 'up', 'down', 'refusals', 'summary']);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    const value = (section: string, item: string) => rows.find((r) => r[0] === section && r[1] === item)?.[2];
    expect(rows.slice(0, 2)).toEqual([['comparison', 'from', '2019', '', '', '', '', ''], ['comparison', 'to', '2020', '', '', '', '', '']]);
    expect(value('submissions', 'total')).toBe('500');
    expect(value('submissions', 'compared')).toBe(String(report.compared));
    expect(value('submissions', 'pointsDown')).toBe(String(report.down));
    expect(value('submissions', 'missingIn2020')).toBe(String(report.missing.to));
    expect(rows.find((r) => r[1] === 'changed')![3]).toBe(String(Math.round((1000 * report.changed) / report.compared) / 10));
    expect(value('contribution', 'totalDelta')).toBe(String(report.contribution.totalDelta));
    expect(rows.filter((r) => r[0] === 'pointDelta').map((r) => [Number(r[1]), Number(r[2])])).toEqual(report.histogram.map((h: { delta: number; count: number }) => [h.delta, h.count]));
    const causes = rows.filter((r) => r[0] === 'cause');
    expect(causes.map((r) => r[1])).toEqual(report.causes.map((c: { key: string }) => c.key));
    // 2020's 50% group share (42 CFR 414.1360(a)(2)) is the top cause, only ever down.
    expect(causes[0]).toEqual(['cause', 'parameter:thresholds.groupActivityMinShare', String(report.causes[0].submissions), expect.any(String), '0', String(report.causes[0].submissions), '0', expect.stringMatching(/^thresholds\.groupActivityMinShare 0 → 0\.5 /)]);
  });

  it('--format csv with --json: a usage error', async () => {
    expect(await cli(['impact', '--from', '2019', '--to', '2020', '--corpus', corpus, '--format', 'csv', '--json'])).toMatchObject({ code: 2, stdout: '', stderr: 'mips-ia: choose one of --format csv and --json\n' });
  });
});
