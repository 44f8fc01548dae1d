import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package root holds rulepacks/ and schemas/, whether this file runs from
// the sources or from dist/ (one level deeper).
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const packageRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
export const bundledPacksDir = join(packageRoot, 'rulepacks');
export const schemasDir = join(packageRoot, 'schemas');
