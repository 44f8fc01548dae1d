// Start-up: load, validate and compile every pack in a fresh process (the built engine).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../engine/paths.js';
import { median } from './stats.js';

const PROBE = `
const t0 = performance.now();
const { loadPacks } = await import(${JSON.stringify(join(packageRoot, 'dist/engine/pack/load.js'))});
const { compileYear } = await import(${JSON.stringify(join(packageRoot, 'dist/engine/score/compiled-year.js'))});
const packs = loadPacks();
for (const pack of packs.values()) compileYear(pack);
process.stdout.write(String(performance.now() - t0));
`;

/** Milliseconds from importing the engine to every year compiled, median of `runs` fresh processes. */
export function measureStartup(runs: number): { medianMs: number; runs: number } {
  const times = Array.from({ length: runs }, () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`start-up probe failed: ${r.stderr}`);
    return Number(r.stdout);
  });
  return { medianMs: Math.round(median(times)), runs };
}
