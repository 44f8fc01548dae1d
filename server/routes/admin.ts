// POST /v1/admin/reload: the packs read again, behind a bearer token (ADMIN_TOKEN); off without one.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { problem } from '../problem.js';
import { reloadPacks } from '../reload.js';
import type { RouteSpec } from '../route-spec.js';
import { problemResponses } from './common.js';

function tokenMatches(req: Request, token: string): boolean {
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  // Equal-length digests: the comparison takes the same time whatever the guess.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(m[1]), digest(token));
}

export const adminRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/v1/admin/reload',
    operationId: 'reloadPacks',
    summary: 'Read the packs again (like SIGHUP); a broken set is rejected and the previous packs keep serving',
    description: 'Off (404) unless ADMIN_TOKEN is set; then it needs Authorization: Bearer <ADMIN_TOKEN>.',
    tag: 'Admin',
    security: 'bearer',
    responses: {
      200: {
        description: 'The new packs serve',
        content: {
          'application/json': {
            type: 'object',
            required: ['reloaded', 'years', 'changed'],
            properties: {
              reloaded: { const: true },
              years: { type: 'array', items: { type: 'object', properties: { year: { type: 'integer' }, hash: { type: 'string' } } } },
              changed: { type: 'array', items: { type: 'integer' }, description: 'Years whose pack hash changed.' },
            },
          },
        },
      },
      ...problemResponses('unauthorized', 'not-found', 'reload-unavailable', 'reload-rejected'),
    },
    handlers: (ctx) => [(req, res) => {
      const token = ctx.config.adminToken;
      if (!token) throw problem('not-found', 'reloading over HTTP is off: set ADMIN_TOKEN to turn it on (SIGHUP always reloads)');
      if (!tokenMatches(req, token)) {
        throw problem('unauthorized', 'send Authorization: Bearer <ADMIN_TOKEN>', { headers: { 'WWW-Authenticate': 'Bearer realm="mips-ia-rules admin"' } });
      }
      const result = reloadPacks(ctx, 'http');
      if (result.ok) {
        res.json({ reloaded: true, years: [...result.packs.values()].map((p) => ({ year: p.year, hash: p.hash })), changed: result.changed });
        return;
      }
      if (result.errors.length === 0) throw problem(ctx.store.dir ? 'reload-rejected' : 'reload-unavailable', `${result.message}; the previous packs keep serving`);
      throw problem('reload-rejected', `${result.message}; the previous packs keep serving`, {
        errors: result.errors.map((e) => ({ path: e.path, code: e.code, message: e.message, file: e.file, line: e.line, col: e.col })),
      });
    }],
  },
];
