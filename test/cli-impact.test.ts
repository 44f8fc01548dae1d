// mips-ia corpus (a synthetic NDJSON corpus) and mips-ia impact (a change scored over a corpus).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { impact } from '../engine/impact/impact.js';
import { loadPacks } from '../engine/pack/load.js';
import { cli } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mips-ia-impact-'));
const corpus2019 = join(dir, 'subs-2019.ndjson');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  const { code, stdout } = await cli(['corpus', '--year', '2019', '--count', '2000', '--seed', '42']);
  expect(code).toBe(0);
  writeFileSync(corpus2019, stdout);
}, 60_000);

describe('mips-ia corpus', () => {
  it('writes COUNT submissions of the year as NDJSON, the same for the same seed', async () => {
    const lines = readFileSync(corpus2019, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2000);
    const subs = lines.map((l) => JSON.parse(l));
    expect(subs.every((s) => s.performanceYear === 2019)).toBe(true);
    const again = await cli(['corpus', '--year', '2019', '--count', '50', '--seed', '42']);
    expect(again.lines).toEqual(lines.slice(0, 50));
    const other = await cli(['corpus', '--year', '2019', '--count', '50', '--seed', '43']);
    expect(other.lines).not.toEqual(lines.slice(0, 50));
  });

  it('bad arguments: exit 2', async () => {
    expect(await cli(['corpus', '--year', '2030'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no pack for 2030') });
    expect(await cli(['corpus', '--year', '2019', '--count', '-1'])).toMatchObject({ code: 2, stderr: "mips-ia: --count: '-1' is not a whole number\n" });
    expect(await cli(['corpus', '--year', '2019', '--seed', 'x'])).toMatchObject({ code: 2 });
    expect((await cli(['corpus'])).stderr).toContain("required option '--year <year>' not specified");
  });
});

describe('mips-ia impact', () => {
  it('--from 2019 --to 2020 on 2,000 submissions: the group threshold is the top cause', async () => {
    const { code, lines, stderr } = await cli(['impact', '--from', '2019', '--to', '2020', '--corpus', corpus2019]);
    expect([code, stderr]).toEqual([0, '']);
    expect(lines[0]).toBe(`Impact of 2019 → 2020 on 2,000 submissions (${corpus2019})`);
    expect(lines).toContainEqual(expect.stringMatching(/^compared \(scored under both\) +[\d,]+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^activities not in 2020 +[\d,]+ +\d+\.\d%$/));
    expect(lines).toContain('Point deltas of the changed submissions:');
    expect(lines).toContainEqual(expect.stringMatching(/^  -20 +[\d,]+  #+$/));
    const causes = lines.slice(lines.indexOf('Top causes (submissions touched: up / down / refused-or-accepted):') + 1);
    expect(causes[0]).toMatch(/^   1\. [\d,]+ \(0 \/ [\d,]+ \/ 0\)  thresholds\.groupActivityMinShare 0 → 0\.5 \(42 CFR 414\.1360\(a\)\(2\)/);
  });

  it('--json, and --pack: a draft against the year it extends', async () => {
    const draft = join(dir, 'draft.yaml');
    writeFileSync(draft, `year: 2020
extends: 2019
title: What if 2020 had kept the one-clinician rule but ended the study?
sources: { whatIf: { citation: "an analyst's question" } }
rules:
  cms-study: null
`);
    const real = await cli(['impact', '--pack', draft, '--corpus', corpus2019, '--json', '--top', '3']);
    expect(real.code).toBe(0);
    const r = JSON.parse(real.stdout);
    expect(r).toMatchObject({ format: 'mips-ia.impact.v1', from: { year: 2019, label: '2019' }, to: { year: 2020, label: `${draft} (2020)` }, total: 2000, up: 0 });
    // Same inventory as 2019: nothing is missing; the only cause is the study ending.
    expect(r.missing).toMatchObject({ from: 0, to: 0 });
    expect(r.causes.map((c: { key: string }) => c.key)).toEqual(['rule:cms-study']);
    expect(r.down).toBe(r.causes[0].submissions);
  });

  it('errors: missing options, a broken draft, a missing corpus', async () => {
    expect(await cli(['impact', '--from', '2019', '--corpus', corpus2019])).toMatchObject({ code: 2, stderr: 'mips-ia: give --from and --to, or --pack (and maybe --from)\n' });
    expect(await cli(['impact', '--from', '2019', '--to', '2020', '--corpus', join(dir, 'nope.ndjson')])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'year: 2020\nextends: 2019\ntitle: x\nsources: { a: { citation: b } }\ninventory:\n  removed: [IA_NOPE_1]\n');
    const bad = await cli(['impact', '--pack', broken, '--corpus', corpus2019]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('PACK_NOT_PRESENT');
    expect(await cli(['impact', '--pack', broken, '--to', '2020', '--corpus', corpus2019])).toMatchObject({ code: 2, stderr: 'mips-ia: choose one of --to and --pack\n' });
  });
});

describe('mips-ia impact on block threads', () => {
  it('--threads 1 and 3 report what the engine\'s impact() reports, one submission after another, bad and blank lines included', async () => {
    // 2,000 submissions (about 130 KB a block: several blocks), with lines impact() counts invalid or skips.
    const lines = readFileSync(corpus2019, 'utf8').trim().split('\n');
    lines.splice(700, 0, 'not json', '', '{"performanceYear":2019,"entityType":"team"}');
    lines.splice(1500, 0, '   ', '{"performanceYear":2019,"entityType":"virtualGroup","clinicians":{"total":3},"activities":[{"id":"IA_BE_6"}]}', '{"performanceYear":2019,"activities":[{"id":"IA_PM_8"}]}');
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const packs = loadPacks();
    const side = (year: number) => ({ packs, year, label: String(year) });
    const expected = await impact(side(2019), side(2020), lines, { topCauses: 1000 });
    expect(expected).toMatchObject({ total: 2004, invalid: 2 });
    for (const threads of ['1', '3']) {
      const r = await cli(['impact', '--from', '2019', '--to', '2020', '--corpus', file, '--json', '--top', '1000', '--threads', threads]);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(JSON.parse(r.stdout)).toEqual(expected);
    }
  }, 120_000);

  it('a line that is not UTF-8 is counted invalid (never decoded with U+FFFD)', async () => {
    const file = join(dir, 'latin1.ndjson');
    const good = '{"performanceYear":2019,"activities":[{"id":"IA_BE_6"}]}\n';
    writeFileSync(file, Buffer.concat([Buffer.from(good), Buffer.from('{"performanceYear":2019,"activities":[{"id":"IA_B'), Buffer.from([0xc9]), Buffer.from('_6"}]}\n'), Buffer.from(good)]));
    const r = await cli(['impact', '--from', '2019', '--to', '2020', '--corpus', file, '--json', '--threads', '1']);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 3, invalid: 1, compared: 2 });
  });
});
