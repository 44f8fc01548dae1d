// The library API as a user imports it: import { loadPacks, score } from 'mips-ia-rules'
// (the package's exports, i.e. the built dist/; npm test builds first).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../engine/paths.js';

const SCRIPT = `
import { loadPacks, score, ScoreError } from 'mips-ia-rules';
const packs = loadPacks();
// CMS, MIPS Improvement Activities Fact Sheet (2017): Dr. Joy Smith, a large practice, 1 medium BE + 1 medium PSPA + 1 high BMH (IA_BMH_7) = 40 points.
const joy = await score(packs, { performanceYear: 2017, activities: [{ id: 'IA_BE_1' }, { id: 'IA_PSPA_1' }, { id: 'IA_BMH_7' }] });
let error;
try { await score(packs, { performanceYear: 2024, activities: [{ id: 'IA_PM_8' }] }); } catch (e) { error = e instanceof ScoreError ? e.code : String(e); }
process.stdout.write(JSON.stringify({ years: [...packs.keys()].length, points: joy.points, format: joy.format, error }));
`;

describe("import { loadPacks, score } from 'mips-ia-rules'", () => {
  it('loads the bundled packs and scores, with ScoreError for bad input', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: packageRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ years: 10, points: 40, format: 'mips-ia.result.v1', error: 'UNKNOWN_ACTIVITY' });
  });
});
