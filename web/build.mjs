// Bundles the page (web/src) into dist/web/: index.html, favicon.svg, assets/app.js and
// assets/app.css (esbuild: Preact and uPlot included, minified; nothing fetched at run time).
// Prints each file's size raw and gzipped: the page's transfer size. Copies Redoc's standalone
// bundle (a devDependency) and its license notice into dist/web/redoc/ for /docs, so the service
// needs no dev dependency at run time; the one image it fetches from its vendor's CDN (the logo
// by "API docs by Redocly") becomes an empty data: image, which its error handler hides.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'web');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

await build({
  entryPoints: { app: join(here, 'src', 'main.tsx') },
  outdir: join(out, 'assets'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
});
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
copyFileSync(join(here, 'favicon.svg'), join(out, 'favicon.svg'));
const redoc = join(here, '..', 'node_modules', 'redoc', 'bundles');
mkdirSync(join(out, 'redoc'));
const REDOC_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const bundle = readFileSync(join(redoc, 'redoc.standalone.js'), 'utf8');
if (bundle.split(REDOC_LOGO).length !== 2) throw new Error(`web/build.mjs: redoc.standalone.js no longer names ${REDOC_LOGO} once; check what it fetches`);
writeFileSync(join(out, 'redoc', 'redoc.standalone.js'), bundle.replace(REDOC_LOGO, 'data:,'));
copyFileSync(join(redoc, 'redoc.standalone.js.LICENSE.txt'), join(out, 'redoc', 'redoc.standalone.js.LICENSE.txt'));

const files = ['index.html', 'favicon.svg', 'assets/app.js', 'assets/app.css'];
const sizes = files.map((f) => {
  const buf = readFileSync(join(out, f));
  return { file: f, bytes: buf.length, gzip: gzipSync(buf, { level: 6 }).length };
});
const total = sizes.reduce((t, s) => ({ bytes: t.bytes + s.bytes, gzip: t.gzip + s.gzip }), { bytes: 0, gzip: 0 });
writeFileSync(join(out, 'sizes.json'), `${JSON.stringify({ files: sizes, total }, null, 2)}\n`);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const s of sizes) console.log(`${relative(process.cwd(), join(out, s.file))}  ${kb(s.bytes)}  (gzip ${kb(s.gzip)})`);
console.log(`page total  ${kb(total.bytes)}  (gzip ${kb(total.gzip)})`);
const docsBundle = readFileSync(join(out, 'redoc', 'redoc.standalone.js'));
console.log(`${relative(process.cwd(), join(out, 'redoc', 'redoc.standalone.js'))}  ${kb(docsBundle.length)}  (gzip ${kb(gzipSync(docsBundle, { level: 6 }).length)}; /docs only)`);
