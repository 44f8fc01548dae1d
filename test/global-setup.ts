// Before any test file: build dist/ if it was not built from the current sources (npm test has
// already, in pretest; a direct `npx vitest run` may not have). Tests that run the built CLI, the
// service, the page or the packed package read dist/.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../engine/paths.js';

export default function setup(): void {
  const r = spawnSync(process.execPath, [join(packageRoot, 'tools/ready.mjs'), '--build'], { cwd: packageRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`the build failed (exit ${r.status}): see its output above`);
}
