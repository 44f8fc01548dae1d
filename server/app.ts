// The HTTP application: createApp({ packs }) for tests (supertest), main.ts for the process.
import compression from 'compression';
import cors from 'cors';
import express, { type Express, type Request, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { PackSet } from '../engine/pack/load.js';
import { hasBody } from './body.js';
import { DEFAULTS, type Config } from './config.js';
import type { AppContext, Lifecycle } from './context.js';
import { docsAssets } from './docs.js';
import { inSequence } from './in-sequence.js';
import { concurrencyLimit, rateLimitPerMinute } from './limits.js';
import { createLogger, requestLog } from './logging.js';
import { createMetrics } from './metrics.js';
import { observeRequests } from './observe.js';
import { buildOpenApi } from './openapi.js';
import { PackStore } from './pack-store.js';
import { ProfileStore } from './profile-store.js';
import { problem, problemHandler } from './problem.js';
import { checkQuery } from './route-spec.js';
import { ROUTES } from './routes/index.js';
import { webPage } from './web.js';
import { WorkPool } from './work/pool.js';

export interface AppOptions {
  /** The packs: a fixed set, or a store that reloads from its directory. */
  packs: PackSet | PackStore;
  /** Profiles for QPP submissions (default: none). */
  profiles?: ProfileStore;
  config?: Partial<Config>;
  /** Default: a silent logger (tests); main.ts passes the process's. */
  logger?: Logger;
  lifecycle?: Lifecycle;
  /** The built page (default dist/web/ of the package). */
  webDir?: string;
}

export interface App extends Express {
  locals: Express['locals'] & { ctx: AppContext };
}

/** The name of the 405 handler; the route test tells these from real routes by it. */
export const METHOD_NOT_ALLOWED_HANDLER = 'methodNotAllowed';

export function createApp(options: AppOptions): App {
  const store = options.packs instanceof PackStore ? options.packs : new PackStore(options.packs);
  const config: Config = { ...DEFAULTS, ...options.config };
  const logger = options.logger ?? createLogger('silent');
  const paths = [...new Set(ROUTES.map((r) => r.path))];
  const metrics = createMetrics(store, paths);
  const ctx: AppContext = {
    store,
    profiles: options.profiles ?? new ProfileStore(),
    config,
    lifecycle: options.lifecycle ?? { shuttingDown: false },
    metrics,
    logger,
    openapi: buildOpenApi(ROUTES),
    // A limit set to 0 is off: no step at all, rather than one that passes every request.
    admit: config.maxInFlight > 0 ? concurrencyLimit(config.maxInFlight) : (_req, _res, next) => next(),
    work: new WorkPool({ threads: config.workerThreads, queue: config.workQueue, deadlineMs: config.workDeadlineMs }, () => store.packs),
  };

  const app = express() as unknown as App;
  app.locals.ctx = ctx;
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');

  const unlimited = new Set(ROUTES.filter((r) => r.unlimited).map((r) => r.path));
  const exempt = (req: Request) => unlimited.has(req.path);

  // What every request goes through, as one handler (server/in-sequence.ts).
  const compress = compression();
  app.use(inSequence(
    observeRequests(requestLog(logger, metrics.routeOf), metrics.observer),
    // helmet's defaults; the page (web.ts) and the docs (docs.ts) replace the CSP with their own.
    helmet(),
    // gzip (or deflate) for clients that ask: the page's bundle and the API's larger answers. A
    // request that accepts no encoding skips it: its hooks on every response cost even unused.
    (req, res, next) => (req.headers['accept-encoding'] ? compress(req, res, next) : next()),
    (_req, res, next) => {
      // Draining: answer what was sent, but do not keep the connection for more.
      if (ctx.lifecycle.draining) res.setHeader('Connection', 'close');
      next();
    },
    // A request with a body is admitted by its body reader, once the body has arrived.
    ...(config.maxInFlight > 0 ? [((req, res, next) => (exempt(req) || hasBody(req) ? next() : ctx.admit(req, res, next))) as RequestHandler] : []),
    ...(config.rateLimitPerMinute > 0 ? [rateLimitPerMinute(config.rateLimitPerMinute, exempt)] : []),
  ));

  if (config.corsOrigins.length > 0) app.use('/v1', corsFor(config.corsOrigins));
  for (const route of ROUTES) app[route.method](route.path, inSequence(checkQuery(route.query), ...route.handlers(ctx)));
  app.use('/docs', ...docsAssets(ctx.openapi, options.webDir));
  // The analyst's page at /, after every route: its files never shadow the API.
  app.use(...webPage(options.webDir));
  for (const path of paths) {
    const allowed = ROUTES.filter((r) => r.path === path).map((r) => r.method.toUpperCase());
    if (allowed.includes('GET')) allowed.push('HEAD');
    app.all(path, methodNotAllowed(allowed));
  }
  app.use((req, _res, next) => {
    const path = req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path;
    next(problem('not-found', `no route ${req.method} ${path}; GET /openapi.json lists the routes`));
  });
  app.use(problemHandler);
  return app;
}

function methodNotAllowed(allowed: string[]): RequestHandler {
  const allow = [...allowed, 'OPTIONS'].join(', ');
  const handler: RequestHandler = (req, res, next) => {
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allow);
      res.status(204).end();
      return;
    }
    next(problem('method-not-allowed', `${req.method} is not allowed on ${req.path}; allowed: ${allow}`, { allow: allowed, headers: { Allow: allow } }));
  };
  Object.defineProperty(handler, 'name', { value: METHOD_NOT_ALLOWED_HANDLER });
  return handler;
}

/**
 * CORS for the listed origins only: their preflights are answered 204 (GET and POST, a
 * Content-Type header, cached 10 minutes); any other origin gets no CORS header at all.
 */
function corsFor(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  const options = { origin: true, methods: ['GET', 'POST'], allowedHeaders: ['Content-Type'], maxAge: 600 };
  return cors((req, callback) => callback(null, allowed.has(req.headers.origin ?? '') ? options : { origin: false }));
}
