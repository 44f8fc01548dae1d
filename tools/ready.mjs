// Makes a checkout ready to run, doing only what is missing: `npm ci` when node_modules is absent
// or older than package-lock.json, `npm run build` when dist/ was not built from the sources as
// they are now. npm start and npm test run it first, so either quick-start line works on a fresh
// clone, and both together install once and build once. No dependencies: it runs before any exist.
//
//   node tools/ready.mjs           install if needed, then build if needed (prestart, pretest)
//   node tools/ready.mjs --build   build if needed (prepare, so npm ci and npm pack; the tests' setup)
//   node tools/ready.mjs --unstamp, --stamp   the build's first and last steps: dist/ holds the
//                                  current sources only once a build has finished
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
/** What `npm run build` reads: the code, the page, the packs and schemas it validates, the locked dependencies it bundles. */
const BUILD_INPUTS = ['cli', 'engine', 'server', 'web', 'rulepacks', 'schemas', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const STAMP = join(root, 'dist', '.sources.sha256');

/** One hash over every input file's path and bytes, in a fixed order: any edit, addition or removal changes it. */
function sourcesHash() {
  const hash = createHash('sha256');
  const add = (path) => {
    if (statSync(join(root, path)).isDirectory()) {
      for (const name of readdirSync(join(root, path)).sort()) add(`${path}/${name}`);
    } else {
      hash.update(`${path}\0`).update(readFileSync(join(root, path))).update('\0');
    }
  };
  for (const input of BUILD_INPUTS) add(input);
  return hash.digest('hex');
}

const built = () => existsSync(STAMP) && readFileSync(STAMP, 'utf8') === sourcesHash();

/** npm writes node_modules/.package-lock.json last when it installs: older than the lockfile means the lockfile changed since. */
function installed() {
  const hidden = join(root, 'node_modules', '.package-lock.json');
  return existsSync(hidden) && statSync(hidden).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs;
}

/** The npm that runs this script (an npm script sets npm_execpath), else the one on PATH. */
function npm(...args) {
  const cli = process.env.npm_execpath;
  const r = cli && /npm-cli\.js$/.test(cli) ? spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' }) : spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const mode = process.argv[2];
if (mode === '--stamp') {
  writeFileSync(STAMP, sourcesHash());
} else if (mode === '--unstamp') {
  rmSync(STAMP, { force: true });
} else if (mode === '--build' || mode === undefined) {
  if (mode === undefined && !installed()) npm('ci');
  if (!built()) npm('run', 'build');
} else {
  process.stderr.write(`tools/ready.mjs: unknown option ${mode} (--build, --unstamp, --stamp or none)\n`);
  process.exit(2);
}
