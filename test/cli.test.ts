// The mips-ia CLI, run in-process on fixture packs; one end-to-end run of the built binary.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../engine/paths.js';
import { run } from '../cli/program.js';
import { BASE_2017, CHILD_2018 } from './fixtures/packs.js';

const DRAFT_2019 = `year: 2019
extends: 2018
title: MIPS Improvement Activities 2019
sources:
  qpp2019:
    citation: 83 FR 59720
inventory:
  removed:
    - IA_EPA_4
`;

const root = realpathSync(mkdtempSync(join(tmpdir(), 'mips-ia-cli-')));
const dirs = { good: join(root, 'good'), bad: join(root, 'bad'), draft: join(root, 'draft'), empty: join(root, 'empty') };
beforeAll(() => {
  for (const d of Object.values(dirs)) mkdirSync(d);
  writeFileSync(join(dirs.good, '2017.yaml'), BASE_2017);
  writeFileSync(join(dirs.good, '2018.yaml'), CHILD_2018);
  writeFileSync(join(dirs.bad, '2017.yaml'), BASE_2017.replace('title: MIPS', 'colour: blue\ntitle: MIPS'));
  writeFileSync(join(dirs.bad, '2018.yaml'), CHILD_2018.replace('title: MIPS', 'colour: x\ntitle: MIPS').replace('weight: medium\n  removed', 'weight: low\n  removed'));
  writeFileSync(join(dirs.draft, '2019.yaml'), DRAFT_2019);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs mips-ia with args; the published packs are the good fixtures unless packsDir says otherwise. */
async function cli(args: string[], packsDir = dirs.good) {
  let stdout = '';
  let stderr = '';
  const code = await run(['node', 'mips-ia', ...args], {
    io: { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) },
    packsDir,
  });
  // No error path prints a stack trace.
  expect(stderr).not.toMatch(/^\s+at /m);
  return { code, stdout, stderr, lines: stdout.split('\n').filter((l) => l !== '') };
}

const HASH = 'sha256:[0-9a-f]{64}';

describe('mips-ia validate', () => {
  it('prints a line per valid pack, aligned', async () => {
    const { code, lines, stderr } = await cli(['validate', dirs.good]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${dirs.good}/2017\\.yaml  2017  3 activities  ${HASH}$`));
    expect(lines[1]).toMatch(new RegExp(`^${dirs.good}/2018\\.yaml  2018  3 activities  ${HASH}$`));
  });

  it('validates the published packs by default', async () => {
    const { code, lines } = await cli(['validate']);
    expect(code).toBe(0);
    expect(lines.map((l) => l.split(/\s+/)[1])).toEqual(['2017', '2018']);
  });

  it('prints every error line and a summary, exit 1', async () => {
    const { code, lines, stderr } = await cli(['validate', dirs.bad]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const f17 = join(dirs.bad, '2017.yaml');
    const f18 = join(dirs.bad, '2018.yaml');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${f17}:2:1 PACK_UNKNOWN_KEY colour: unknown key 'colour'; expected one of year, `)),
      expect.stringMatching(new RegExp(`^${f18}:3:1 PACK_UNKNOWN_KEY colour: unknown key 'colour'; expected one of year, `)),
      `${f18}:17:15 PACK_ENUM inventory.added[0].weight: must be one of medium, high, null`,
      '3 errors in 2 packs',
    ]);
  });

  it('--json gives the results as JSON, errors included', async () => {
    const good = await cli(['validate', '--json', dirs.good]);
    expect(good.code).toBe(0);
    const ok = JSON.parse(good.stdout);
    expect(ok).toMatchObject({ ok: true, errorCount: 0 });
    expect(ok.packs).toEqual([
      { file: join(dirs.good, '2017.yaml'), year: 2017, activities: 3, hash: expect.stringMatching(new RegExp(`^${HASH}$`)), errorCount: 0, errors: [], check: expect.objectContaining({ year: 2017, findings: [] }) },
      { file: join(dirs.good, '2018.yaml'), year: 2018, activities: 3, hash: expect.stringMatching(new RegExp(`^${HASH}$`)), errorCount: 0, errors: [], check: expect.objectContaining({ year: 2018, findings: [] }) },
    ]);

    const bad = await cli(['validate', dirs.bad, '--json']);
    expect(bad.code).toBe(1);
    const failed = JSON.parse(bad.stdout);
    expect(failed).toMatchObject({ ok: false, errorCount: 3 });
    expect(failed.packs[1].errors[1]).toEqual({
      file: join(dirs.bad, '2018.yaml'), line: 17, col: 15, code: 'PACK_ENUM', path: 'inventory.added[0].weight', message: 'must be one of medium, high, null',
    });
  });

  it('takes the parents of single files from the published packs', async () => {
    const draft = await cli(['validate', join(dirs.draft, '2019.yaml')]);
    expect(draft.code).toBe(0);
    expect(draft.lines).toEqual([expect.stringMatching(new RegExp(`^${dirs.draft}/2019\\.yaml  2019  2 activities  ${HASH}$`))]);

    const one = await cli(['validate', join(dirs.good, '2018.yaml')]);
    expect(one.code).toBe(0);
    expect(one.lines).toHaveLength(1);

    const orphan = await cli(['validate', join(dirs.draft, '2019.yaml')], dirs.empty);
    expect(orphan.code).toBe(1);
    expect(orphan.lines).toEqual([
      `${dirs.draft}/2019.yaml:2:10 PACK_EXTENDS extends: extends 2018, but there is no 2018 pack among those loaded`,
      '1 error in 1 pack',
    ]);
  });

  it('a missing path or an empty directory: a message, exit 2', async () => {
    const missing = await cli(['validate', join(root, 'nowhere')]);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([2, '', `mips-ia: no such file or directory: ${join(root, 'nowhere')}\n`]);
    const empty = await cli(['validate', dirs.empty]);
    expect([empty.code, empty.stderr]).toEqual([2, `mips-ia: no pack files (*.yaml) in ${dirs.empty}\n`]);
  });
});

describe('mips-ia years', () => {
  it('prints year, activity count, title and hash', async () => {
    const { code, lines } = await cli(['years']);
    expect(code).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^2017  3 activities  MIPS Improvement Activities 2017  ${HASH}$`)),
      expect.stringMatching(new RegExp(`^2018  3 activities  MIPS Improvement Activities 2018  ${HASH}$`)),
    ]);
  });

  it('--json, and --packs chooses the directory', async () => {
    const { code, stdout } = await cli(['--packs', dirs.good, 'years', '--json'], dirs.empty);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({ year: 2017, extends: null, title: 'MIPS Improvement Activities 2017', activities: 3 }),
      expect.objectContaining({ year: 2018, extends: 2017, title: 'MIPS Improvement Activities 2018', activities: 3 }),
    ]);
  });

  it('broken published packs: every error and a summary on stderr, exit 1', async () => {
    const { code, stdout, stderr } = await cli(['years'], dirs.bad);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`${join(dirs.bad, '2017.yaml')}:2:1 PACK_UNKNOWN_KEY colour:`),
      expect.stringContaining(`${join(dirs.bad, '2018.yaml')}:3:1 PACK_UNKNOWN_KEY colour:`),
      `${join(dirs.bad, '2018.yaml')}:17:15 PACK_ENUM inventory.added[0].weight: must be one of medium, high, null`,
      '3 errors in 2 packs',
    ]);
  });
});

describe('mips-ia activities', () => {
  it('prints the attestable inventory as a table', async () => {
    const { code, lines } = await cli(['activities', '2018']);
    expect(code).toBe(0);
    expect(lines).toEqual([
      'ID        WEIGHT  SUBCATEGORY           TITLE',
      'IA_EPA_1  high    expandedAccess        Provide 24/7 access',
      'IA_EPA_4  medium  expandedAccess        Additional improvements in access',
      'IA_PM_2   medium  populationManagement  Anticoagulant management',
    ]);
  });

  it('filters by subcategory and weight', async () => {
    expect((await cli(['activities', '2017', '--subcategory', 'populationManagement'])).lines).toEqual([
      'ID        WEIGHT  SUBCATEGORY           TITLE',
      'IA_PM_2   high    populationManagement  Anticoagulant management',
      'IA_PM_10  medium  populationManagement  Use of QCDR data',
    ]);
    expect((await cli(['activities', '2018', '--weight', 'high'])).lines).toEqual([
      'ID        WEIGHT  SUBCATEGORY     TITLE',
      'IA_EPA_1  high    expandedAccess  Provide 24/7 access',
    ]);
  });

  it('--json', async () => {
    const { code, stdout } = await cli(['activities', '2018', '--weight', 'medium', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      { id: 'IA_EPA_4', title: 'Additional improvements in access', subcategory: 'expandedAccess', weight: 'medium' },
      { id: 'IA_PM_2', title: 'Anticoagulant management', subcategory: 'populationManagement', weight: 'medium' },
    ]);
  });

  it('an unknown year lists the years, exit 2', async () => {
    expect(await cli(['activities', '2030'])).toMatchObject({ code: 2, stdout: '', stderr: 'mips-ia: no pack for 2030; the packs cover 2017-2018\n' });
    expect(await cli(['activities', 'next'])).toMatchObject({ code: 2, stderr: "mips-ia: 'next' is not a year; the packs cover 2017-2018\n" });
  });

  it('--weight in a year whose activities carry no weight (2025 on): a clear error, exit 2', async () => {
    const packs = join(packageRoot, 'rulepacks');
    expect(await cli(['activities', '2025', '--weight', 'high'], packs)).toMatchObject({
      code: 2, stdout: '', stderr: 'mips-ia: activities carry no weight in 2025: every activity earns the same points; list them without --weight\n',
    });
    const { code, lines } = await cli(['activities', '2026', '--subcategory', 'advancingHealthAndWellness'], packs);
    expect(code).toBe(0);
    expect(lines.map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual(['ID WEIGHT SUBCATEGORY', 'IA_AHW_1 - advancingHealthAndWellness']);
  });

  it('a bad --weight or --subcategory, or no year: a clear error, exit 2', async () => {
    const weight = await cli(['activities', '2018', '--weight', 'low']);
    expect(weight.code).toBe(2);
    expect(weight.stderr).toContain("error: option '--weight <weight>' argument 'low' is invalid. Allowed choices are medium, high, none.");
    const sub = await cli(['activities', '2018', '--subcategory', 'nope']);
    expect([sub.code, sub.stderr]).toEqual([2, "mips-ia: no subcategory 'nope' in 2018; expected one of expandedAccess, populationManagement\n"]);
    const none = await cli(['activities']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("error: missing required argument 'year'");
  });
});

describe('mips-ia score', () => {
  // The QPP Submissions API example (test/reference/qpp-submission/submission-example-ia.json,
  // 2023: IA_EPA_4 medium, IA_PSPA_4 medium, IA_EPA_1 high, IA_PM_2 high) in the native format:
  // 60 raw points capped at 40, and 15 final-score points at the 15% weight, as the QPP example output says.
  const example = join(packageRoot, 'test/fixtures/submissions/qpp-example-2023.json');

  it('prints the result JSON of a submission file', async () => {
    const { code, stdout } = await cli(['score', example], join(packageRoot, 'rulepacks'));
    const result = JSON.parse(stdout);
    expect(code).toBe(0);
    expect([result.points, result.rawPoints, result.categoryScore, result.finalScoreContribution]).toEqual([40, 60, 100, 15]);
    expect(result.rules.map((r: { name: string }) => r.name)).toContain('standard-points');
  });

  it('--ndjson: a result or an error per line, in order; exit 1 when any line failed', async () => {
    const file = join(root, 'subs.ndjson');
    writeFileSync(file, ['{"performanceYear":2019,"activities":[{"id":"IA_BE_6"}]}', 'not json', '', '{"performanceYear":1999}', '{"performanceYear":2024,"activities":[{"id":"IA_PM_8"}]}'].join('\n'));
    const { code, lines } = await cli(['score', '--ndjson', '--no-explain', '--threads', '1', file], join(packageRoot, 'rulepacks'));
    const out = lines.map((l) => JSON.parse(l));
    expect(code).toBe(1);
    // IA_BE_6 is high in 2019: 20 points (standard table).
    expect(out[0]).toMatchObject({ points: 20, rules: [] });
    expect(out.slice(1).map((o) => [o.line, o.error.code])).toEqual([[2, 'INVALID_JSON'], [4, 'INVALID_SUBMISSION'], [5, 'UNKNOWN_ACTIVITY']]);
    expect(out[3].error.errors[0].message).toBe('IA_PM_8 is not in the 2024 inventory; it exists in 2017');
  });

  it('--ndjson: CRLF line ends and a last line without one read as LF lines do', async () => {
    const subs = ['{"performanceYear":2019,"activities":[{"id":"IA_BE_6"}]}', '', 'not json', '{"performanceYear":2024,"activities":[{"id":"IA_EPA_1"}]}'];
    const lf = join(root, 'lf.ndjson');
    const crlf = join(root, 'crlf.ndjson');
    writeFileSync(lf, `${subs.join('\n')}\n`);
    writeFileSync(crlf, subs.join('\r\n'));
    const run = (file: string) => cli(['score', '--ndjson', '--no-explain', '--threads', '1', file], join(packageRoot, 'rulepacks'));
    const [a, b] = [await run(lf), await run(crlf)];
    expect(b.lines).toEqual(a.lines);
    // IA_BE_6 (2019) and IA_EPA_1 (2024) are high-weighted: 20 points each (standard table).
    expect(a.lines.map((l) => JSON.parse(l)).map((o) => o.error?.code ?? o.points)).toEqual([20, 'INVALID_JSON', 20]);
    expect(JSON.parse(a.lines[1]).line).toBe(3);
  });

  it('a submission error: the code and each problem on stderr, exit 1', async () => {
    const file = join(root, 'bad-sub.json');
    writeFileSync(file, '{"performanceYear":2017,"entityType":"virtualGroup"}');
    const { code, stderr } = await cli(['score', file], join(packageRoot, 'rulepacks'));
    expect(code).toBe(1);
    expect(stderr).toContain('REJECTED: virtual group reporting is not available in 2017');
    expect(stderr).toContain('  entityType: ');
  });
});

describe('mips-ia, the program', () => {
  it('--help and --version exit 0', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: mips-ia /);
    for (const verb of ['validate', 'years', 'activities']) expect(help.stdout).toContain(`  ${verb} `);
    const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('an unknown command or option, or none: usage on stderr, exit 2', async () => {
    const unknown = await cli(['frob']);
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toContain("error: unknown command 'frob'");
    const option = await cli(['years', '--colour']);
    expect([option.code, option.stderr.split('\n')[0]]).toEqual([2, "error: unknown option '--colour'"]);
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Usage: mips-ia /);
  });

  it('an unexpected failure: one line, no stack, exit 3', async () => {
    let stderr = '';
    const code = await run(['node', 'mips-ia', 'years'], {
      io: { stdout: () => { throw new Error('stdout closed'); }, stderr: (s) => void (stderr += s) },
      packsDir: dirs.good,
    });
    expect([code, stderr]).toEqual([3, 'mips-ia: internal error: stdout closed\n']);
  });
});

describe('the built binary', () => {
  const main = join(packageRoot, 'dist/cli/main.js');

  it('node dist/cli/main.js validate rulepacks/ checks the ten published years', () => {
    const result = spawnSync(process.execPath, [main, 'validate', 'rulepacks/'], { cwd: packageRoot, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(
      [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026].map((y) => `rulepacks/${y}.yaml ${y}`),
    );
    for (const line of lines) expect(line).toMatch(new RegExp(`^rulepacks/\\d{4}\\.yaml  \\d{4}  [ \\d]{3} activities  ${HASH}$`));
    expect(lines[0]).toMatch(/^rulepacks\/2017\.yaml  2017   93 activities  /);
    expect(lines[7]).toMatch(/^rulepacks\/2024\.yaml  2024  106 activities  /);
    expect(lines[8]).toMatch(/^rulepacks\/2025\.yaml  2025  104 activities  /);
    expect(lines[9]).toMatch(/^rulepacks\/2026\.yaml  2026   95 activities  /);
  });

  it('score --ndjson on worker threads writes what one thread writes, line for line, in order', () => {
    // 1,300 lines: several batches per thread, the last one short, with bad lines among them.
    const corpus = spawnSync(process.execPath, [main, 'corpus', '--year', '2020', '--count', '1297', '--seed', '5'], { cwd: packageRoot, encoding: 'utf8' });
    const lines = corpus.stdout.trim().split('\n');
    lines.splice(400, 0, 'not json');
    lines.splice(900, 0, '{"performanceYear":2020,"activities":[{"id":"IA_PM_8"}]}', '{"performanceYear":1999}');
    const file = join(root, 'corpus.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const runWith = (threads: string) => spawnSync(process.execPath, [main, 'score', '--ndjson', '--no-explain', '--threads', threads, file], { cwd: packageRoot, encoding: 'utf8', maxBuffer: 1 << 28 });
    const one = runWith('1');
    const three = runWith('3');
    expect([one.status, three.status]).toEqual([1, 1]); // some lines failed
    expect(three.stdout).toBe(one.stdout);
    const out = three.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(1300);
    expect(out.filter((o) => o.error).map((o) => [o.line, o.error.code])).toEqual([[401, 'INVALID_JSON'], [901, 'UNKNOWN_ACTIVITY'], [902, 'INVALID_SUBMISSION']]);
  });
});
