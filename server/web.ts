// The analyst's page: static files that `npm run build` bundles from web/ into dist/web/, served
// at / once every route of the API has had its turn. Its Content-Security-Policy allows the
// page's own scripts, styles and API (same origin) and nothing else.
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { packageRoot } from '../engine/paths.js';
import { problem } from './problem.js';

export const WEB_DIR = join(packageRoot, 'dist', 'web');

/** Same origin only: no inline script or style, no other host, no plugins, no framing by others. */
export const PAGE_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
};

/** A path with no dot segment, backslash or NUL, encoded or not: a file is served by its own name only. */
export function isNormalPath(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  return !/[\\\0]/.test(decoded) && posix.normalize(decoded) === decoded && !decoded.split('/').includes('..');
}

/** GET / (index.html), /assets/… and /favicon.svg from dir; a request for / before a build says to build. */
export function webPage(dir: string = WEB_DIR): RequestHandler[] {
  const csp = helmet.contentSecurityPolicy({ useDefaults: false, directives: PAGE_CSP_DIRECTIVES });
  const files = express.static(dir, {
    index: 'index.html',
    redirect: false,
    // The assets' names do not change between builds: revalidate (ETag) rather than cache blindly.
    setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
  });
  return [
    (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      if (!/^\/(?:$|index\.html$|favicon\.svg$|assets\/)/.test(req.path) || !isNormalPath(req.path)) return next();
      if (req.path === '/' && !existsSync(join(dir, 'index.html'))) {
        return next(problem('not-found', 'the page is not built: run npm run build (npm ci builds it); the API is under /v1, its document at /openapi.json'));
      }
      csp(req, res, (err?: unknown) => (err ? next(err) : files(req, res, next)));
    },
  ];
}
