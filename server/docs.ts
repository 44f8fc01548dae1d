// The human-readable API docs at /docs: Redoc's standalone bundle, which `npm run build` copies
// from the redoc package into dist/web/redoc/, rendering a copy of the OpenAPI document. All of
// it is served from this service; the page's Content-Security-Policy allows what Redoc needs
// (its styles are inline, its search index runs in a blob: worker) and nothing more.
import { join } from 'node:path';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { PAGE_CSP_DIRECTIVES, WEB_DIR } from './web.js';

/** Where the page loads the bundle and the document from: same origin, absolute, so /docs and /docs/ both work. */
export const REDOC_BUNDLE = '/docs/redoc.standalone.js';
export const REDOC_DOCUMENT = '/docs/openapi.json';

/** Redoc reads the spec-url attribute itself: no inline script. */
const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mips-ia-rules API</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
<redoc spec-url="${REDOC_DOCUMENT}"></redoc>
<script src="${REDOC_BUNDLE}"></script>
</body>
</html>
`;

/** The page's directives with what Redoc adds: inline styles, the worker, its inline SVG icons. */
export const DOCS_CSP_DIRECTIVES = {
  ...PAGE_CSP_DIRECTIVES,
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  workerSrc: ['blob:'],
};

const docsCsp = helmet.contentSecurityPolicy({ useDefaults: false, directives: DOCS_CSP_DIRECTIVES });

/** GET /docs: the page, under its own CSP. */
export const docsPage: RequestHandler = (req, res, next) => {
  docsCsp(req, res, (err?: unknown) => (err ? next(err) : void res.type('html').send(DOCS_HTML)));
};

/**
 * The document as Redoc can read it. Each component schema is a file of schemas/ with its own
 * $id, so its local refs (`#/$defs/text`) point into that schema; Redoc resolves every `#…` ref
 * from the document's root. The copy points them at `#/components/schemas/<Name>/$defs/text`.
 */
export function redocDocument(doc: Record<string, unknown>): Record<string, unknown> {
  const components = doc.components as { schemas: Record<string, unknown> };
  const rebase = (node: unknown, base: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => rebase(n, base));
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${base}${v.slice(1)}` : rebase(v, base)]));
  };
  const schemas = Object.fromEntries(Object.entries(components.schemas).map(([name, s]) => [name, rebase(s, `#/components/schemas/${name}`)]));
  return { ...doc, components: { ...components, schemas } };
}

/** The page's assets under /docs: the bundle (and its license notice) from dir/redoc/, the document's Redoc copy. */
export function docsAssets(openapi: Record<string, unknown>, dir: string = WEB_DIR): RequestHandler[] {
  const document = redocDocument(openapi);
  const files = express.static(join(dir, 'redoc'), {
    index: false,
    redirect: false,
    // Its name does not change between versions: revalidate (ETag) rather than cache blindly.
    setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
  });
  return [
    (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      if (req.path === '/openapi.json') return void res.json(document);
      if (req.path === '/redoc.standalone.js' || req.path === '/redoc.standalone.js.LICENSE.txt') return files(req, res, next);
      next();
    },
  ];
}
