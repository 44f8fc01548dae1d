// Liveness, readiness, metrics, the OpenAPI document and the human-readable API docs.
import express, { type Express, type RequestHandler } from 'express';
import type { AppContext } from '../context.js';
import { docsPage } from '../docs.js';
import { problem, problemHandler } from '../problem.js';
import type { RouteSpec } from '../route-spec.js';
import { problemResponses, tokenMatches } from './common.js';

/** Prometheus text, behind METRICS_TOKEN when it is set. */
function serveMetrics(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    if (ctx.config.metricsToken && !tokenMatches(req, ctx.config.metricsToken)) {
      throw problem('unauthorized', 'send Authorization: Bearer <METRICS_TOKEN>', { headers: { 'WWW-Authenticate': 'Bearer realm="mips-ia-rules metrics"' } });
    }
    res.setHeader('Content-Type', ctx.metrics.registry.contentType);
    res.send(await ctx.metrics.registry.metrics());
  };
}

/** The application of METRICS_PORT: GET /metrics and nothing else. */
export function metricsApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', serveMetrics(ctx));
  app.use((req, _res, next) => next(problem('not-found', `no route ${req.method} ${req.path.slice(0, 200)}; this port serves GET /metrics`)));
  app.use(problemHandler);
  return app;
}

export const healthRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    summary: 'Liveness: the process answers',
    tag: 'Operations',
    unlimited: true,
    responses: { 200: { description: 'Alive', content: { 'application/json': { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } } } } },
    handlers: () => [(_req, res) => void res.json({ status: 'ok' })],
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'ready',
    summary: 'Readiness: packs loaded and not shutting down',
    tag: 'Operations',
    unlimited: true,
    responses: {
      200: {
        description: 'Ready',
        content: {
          'application/json': {
            type: 'object',
            required: ['status', 'years', 'loadedAt'],
            properties: { status: { const: 'ready' }, years: { type: 'array', items: { type: 'integer' } }, loadedAt: { type: 'string', format: 'date-time' } },
          },
        },
      },
      ...problemResponses('not-ready'),
    },
    handlers: (ctx) => [(_req, res) => {
      if (ctx.lifecycle.shuttingDown) throw problem('not-ready', 'shutting down: finishing the requests on open connections');
      if (ctx.store.packs.size === 0) throw problem('not-ready', 'no packs loaded');
      res.json({ status: 'ready', years: ctx.store.years(), loadedAt: ctx.store.loadedAt.toISOString() });
    }],
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics: request counts and latency per route pattern, pack reloads, process',
    description: 'With METRICS_TOKEN set, it needs Authorization: Bearer <METRICS_TOKEN>; with METRICS_PORT set, it is served on that port only (404 here).',
    tag: 'Operations',
    unlimited: true,
    responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { type: 'string' } } } },
    handlers: (ctx) => [(_req, _res, next) => {
      if (ctx.config.metricsPort !== undefined) return next(problem('not-found', 'metrics are served on their own port (METRICS_PORT)'));
      next();
    }, serveMetrics(ctx)],
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    summary: 'This API as OpenAPI 3.1; its component schemas are the files of schemas/',
    tag: 'Operations',
    responses: { 200: { description: 'The OpenAPI document', content: { 'application/json': { type: 'object' } } } },
    handlers: (ctx) => [(_req, res) => void res.json(ctx.openapi)],
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'docs',
    summary: 'Human-readable API docs (Redoc, served from this service)',
    tag: 'Operations',
    responses: { 200: { description: 'The docs page', content: { 'text/html': { type: 'string' } } } },
    handlers: () => [docsPage],
  },
];
