// Start-up: load, validate and compile every pack in a fresh process (the built engine), from the
// build's validated snapshot (loadPacks, packs as bundled) and from the YAML (packs as edited).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bundledPacksDir, packageRoot } from '../engine/paths.js';
import { median } from './stats.js';

const probe = (load: string) => `
const t0 = performance.now();
const { loadPacks, validatePacks, readPackTexts } = await import(${JSON.stringify(join(packageRoot, 'dist/engine/pack/load.js'))});
const { compileYear } = await import(${JSON.stringify(join(packageRoot, 'dist/engine/score/compiled-year.js'))});
const packs = ${load};
for (const pack of packs.values()) compileYear(pack);
process.stdout.write(String(performance.now() - t0));
`;
const FROM = {
  snapshot: 'loadPacks()',
  yaml: `new Map(validatePacks(readPackTexts([${JSON.stringify(bundledPacksDir)}])).map((r) => [r.year, r.pack]))`,
};

function time(load: string): number {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe(load)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`start-up probe failed: ${r.stderr}`);
  return Number(r.stdout);
}

/** Milliseconds from importing the engine to every year compiled, median of `runs` fresh processes each way, alternating. */
export function measureStartup(runs: number): { medianMs: number; fromYamlMedianMs: number; runs: number } {
  const snapshot: number[] = [];
  const yaml: number[] = [];
  for (let i = 0; i < runs; i++) {
    snapshot.push(time(FROM.snapshot));
    yaml.push(time(FROM.yaml));
  }
  return { medianMs: Math.round(median(snapshot)), fromYamlMedianMs: Math.round(median(yaml)), runs };
}
