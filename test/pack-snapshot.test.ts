// The validated snapshot (engine/pack/snapshot.ts): the same packs as validating the YAML, object
// sharing included, and never used for content other than what the build validated.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPacks, readPackTexts } from '../engine/pack/load.js';
import { packsFromSnapshot, snapshotJson, snapshotKey } from '../engine/pack/snapshot.js';
import { bundledPacksDir, packageRoot } from '../engine/paths.js';

const texts = readPackTexts([bundledPacksDir]);
const packs = loadPacks();

describe('pack snapshot', () => {
  const json = snapshotJson(packs, snapshotKey(texts));

  it('revives the packs it was made from, with the same objects shared', () => {
    const revived = packsFromSnapshot(json, texts)!;
    expect(revived).toEqual(packs);
    for (const pack of revived.values()) {
      for (const [id, a] of pack.activities) expect(pack.inventory.get(id)).toBe(a);
      for (const [id, s] of pack.suspended) expect(s.activity).toBe(pack.inventory.get(id));
    }
    // A parameter a year inherits is the very object of the year that set it, as materialized.
    const [first, second] = [...revived.values()];
    const inherited = [...second.parameters.values()].find((p) => p.year === first.year)!;
    expect(second.parameters.get(inherited.name)).toBe(first.parameters.get(inherited.name));
  });

  it('is refused for a pack that changed, even by a byte, or moved to another name', () => {
    const edited = texts.map((t, i) => (i === texts.length - 1 ? { ...t, text: `${t.text}\n` } : t));
    expect(packsFromSnapshot(json, edited)).toBeUndefined();
    const renamed = texts.map((t, i) => (i === 0 ? { ...t, file: t.file.replace(/\.yaml$/, '.yml') } : t));
    expect(packsFromSnapshot(json, renamed)).toBeUndefined();
    expect(packsFromSnapshot(json, texts.slice(1))).toBeUndefined();
  });

  it('is written by the build, and the built loader starts from it only for the packs it validated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mips-ia-snapshot-'));
    cpSync(bundledPacksDir, dir, { recursive: true });
    const last = join(dir, texts.at(-1)!.file.split('/').at(-1)!);
    const probe = (packDir: string) => spawnSync(process.execPath, ['--input-type=module', '-e', `
      const { loadPacks, readPackTexts } = await import(${JSON.stringify(join(packageRoot, 'dist/engine/pack/load.js'))});
      const { readSnapshot } = await import(${JSON.stringify(join(packageRoot, 'dist/engine/pack/snapshot.js'))});
      const fromSnapshot = readSnapshot(readPackTexts([${JSON.stringify(packDir)}])) !== undefined;
      try {
        const hashes = [...loadPacks(${JSON.stringify(packDir)}).values()].map((p) => p.hash);
        process.stdout.write(JSON.stringify({ fromSnapshot, hashes }));
      } catch (e) { process.stdout.write(JSON.stringify({ fromSnapshot, error: e.name })); }
    `], { encoding: 'utf8' });

    const same = probe(dir);
    expect(JSON.parse(same.stdout)).toEqual({ fromSnapshot: true, hashes: [...packs.values()].map((p) => p.hash) });
    // The same pack with a key no pack has: validated from its YAML, and refused.
    writeFileSync(last, `${readFileSync(last, 'utf8')}\nunknownKey: 1\n`);
    expect(JSON.parse(probe(dir).stdout)).toEqual({ fromSnapshot: false, error: 'PackValidationError' });
  });
});
