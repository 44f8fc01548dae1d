// POST /v1/packs/validate: a YAML pack in the body, the same errors as `mips-ia validate`.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/program.js';
import { bundledPacksDir } from '../../engine/paths.js';
import { app, bundledPacks, expectProblem, expectSchema } from './helpers.js';

const server = app();
const root = realpathSync(mkdtempSync(join(tmpdir(), 'mips-ia-validate-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const DRAFT = `year: 2099
extends: 2098
title: A draft
sources:
  draft: { citation: "nowhere" }
`;

function validate(text: string, type = 'text/yaml', file?: string) {
  const req = request(server).post(`/v1/packs/validate${file ? `?file=${encodeURIComponent(file)}` : ''}`).set('Content-Type', type);
  return req.send(text);
}

/** What `mips-ia validate <file>` prints for the text saved under name, with the directory left out. */
async function cliLines(name: string, text: string): Promise<string[]> {
  const dir = join(root, `cli-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  writeFileSync(join(dir, name), text);
  let stdout = '';
  await run(['node', 'mips-ia', 'validate', join(dir, name)], { io: { stdout: (s) => void (stdout += s), stderr: () => {} }, packsDir: bundledPacksDir });
  return stdout.split('\n').filter((l) => l !== '').map((l) => l.replaceAll(`${dir}/`, ''));
}

describe('POST /v1/packs/validate', () => {
  it('a valid pack: ok, the line the CLI prints', async () => {
    const text = readFileSync(join(bundledPacksDir, '2024.yaml'), 'utf8');
    const res = await validate(text).expect(200);
    expectSchema('pack-validation.schema.json', res.body);
    expect(res.body).toMatchObject({ ok: true, errorCount: 0 });
    expect(res.body.packs).toEqual([{ file: '2024.yaml', year: 2024, activities: 106, hash: bundledPacks().get(2024)!.hash, errorCount: 0, errors: [], check: expect.objectContaining({ year: 2024, findings: [], changes: expect.objectContaining({ against: 2023 }) }) }]);
    expect(res.body.lines).toEqual(await cliLines('2024.yaml', text));
  });

  it('a broken pack: every error, as the CLI prints them, and as objects', async () => {
    const text = readFileSync(join(bundledPacksDir, '2024.yaml'), 'utf8')
      .replace(/^title: /m, 'colour: blue\ntitle: ')
      .replace('weight: high', 'weight: highest');
    const res = await validate(text, 'application/yaml').expect(200);
    expectSchema('pack-validation.schema.json', res.body);
    expect(res.body.ok).toBe(false);
    expect(res.body.errorCount).toBe(2);
    expect(res.body.lines).toEqual(await cliLines('2024.yaml', text));
    expect(res.body.lines.at(-1)).toBe('2 errors in 1 pack');
    expect(res.body.packs[0].errors[0]).toMatchObject({ file: '2024.yaml', line: expect.any(Number), col: 1, code: 'PACK_UNKNOWN_KEY', path: 'colour' });
  });

  it('a draft of a new year extends the loaded packs', async () => {
    const latest = Math.max(...bundledPacks().keys());
    const text = DRAFT.replaceAll('2099', String(latest + 1)).replace('2098', String(latest));
    const res = await validate(text, 'application/x-yaml').expect(200);
    // text/plain is what a web page may post anywhere without a CORS preflight: not YAML here.
    expectProblem(await validate(text, 'text/plain'), 415, 'unsupported-media-type');
    expect(res.body).toMatchObject({ ok: true, packs: [{ file: `${latest + 1}.yaml`, year: latest + 1 }] });
    const orphan = await validate(DRAFT).expect(200);
    expect(orphan.body.ok).toBe(false);
    expect(orphan.body.lines[0]).toBe('2099.yaml:2:10 PACK_EXTENDS extends: extends 2098, but there is no 2098 pack among those loaded');
    expect(orphan.body.lines).toEqual(await cliLines('2099.yaml', DRAFT));
  });

  it('names the file as given; a year that does not match it is an error', async () => {
    const text = readFileSync(join(bundledPacksDir, '2023.yaml'), 'utf8');
    const res = await validate(text, 'text/yaml', '2024.yaml').expect(200);
    expect(res.body.lines[0]).toMatch(/^2024\.yaml:\d+:\d+ PACK_YEAR_FILE year: year 2023 does not match the file name 2024\.yaml/);
    expectProblem(await validate(text, 'text/yaml', '../etc/passwd'), 400, 'invalid-request');
  });

  it('an empty body is an empty pack, as for an empty file', async () => {
    const res = await request(server).post('/v1/packs/validate').set('Content-Type', 'text/yaml').expect(200);
    expect(res.body.lines).toEqual(['pack.yaml:1:1 PACK_EMPTY (file): the file is empty; a pack needs at least year, title and sources', '1 error in 1 pack']);
  });

  it('hostile YAML is an error line, not a crash: alias bombs, deep nesting, not YAML at all', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n');
    const aliases = await validate(bomb).expect(200);
    expect(aliases.body.packs[0].errors[0].code).toBe('PACK_YAML_ALIASES');
    const deep = await validate(`year: 2030\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`).expect(200);
    expect(deep.body.ok).toBe(false);
    const binary = await validate('\u0000\u0001{{{:::').expect(200);
    expect(binary.body.ok).toBe(false);
  });
});
