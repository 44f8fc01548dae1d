// POST /v1/admin/reload: the packs read again, behind a bearer token (ADMIN_TOKEN); off without one.
import { problem } from '../problem.js';
import { reloadPacks } from '../reload.js';
import type { RouteSpec } from '../route-spec.js';
import { problemResponses, tokenMatches } from './common.js';

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
            required: ['reloaded', 'years', 'changed', 'added', 'removed'],
            properties: {
              reloaded: { const: true },
              years: { type: 'array', items: { type: 'object', properties: { year: { type: 'integer' }, hash: { type: 'string' } } } },
              changed: { type: 'array', items: { type: 'integer' }, description: 'Years whose pack hash changed (new years included).' },
              added: { type: 'array', items: { type: 'integer' }, description: 'Years served now and not before.' },
              removed: { type: 'array', items: { type: 'integer' }, description: 'Years no longer served: their pack file is gone.' },
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
        const { changed, added, removed } = result;
        res.json({ reloaded: true, years: [...result.packs.values()].map((p) => ({ year: p.year, hash: p.hash })), changed, added, removed });
        return;
      }
      if (result.errors.length === 0) throw problem(ctx.store.dir ? 'reload-rejected' : 'reload-unavailable', `${result.message}; the previous packs keep serving`);
      throw problem('reload-rejected', `${result.message}; the previous packs keep serving`, {
        errorCount: result.errorCount,
        errors: result.errors.map((e) => ({ path: e.path, code: e.code, message: e.message, file: e.file, line: e.line, col: e.col })),
      });
    }],
  },
];
