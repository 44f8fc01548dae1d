// What every route and middleware of one app shares.
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Metrics } from './metrics.js';
import type { PackStore } from './pack-store.js';
import type { ProfileStore } from './profile-store.js';
import type { WorkPool } from './work/pool.js';

/** The process's state as the app sees it: main.ts sets shuttingDown on SIGTERM, draining once the listener is closed. */
export interface Lifecycle {
  /** Not ready: /readyz answers 503. */
  shuttingDown: boolean;
  /** No new connections: each answer closes its connection. */
  draining?: boolean;
}

export interface AppContext {
  store: PackStore;
  /** The profiles file's context by TIN and NPI (PROFILES_FILE). */
  profiles: ProfileStore;
  config: Config;
  lifecycle: Lifecycle;
  metrics: Metrics;
  logger: Logger;
  /** The OpenAPI document, built once from the routes and schemas/. */
  openapi: Record<string, unknown>;
  /** Admits a request to the in-flight limit (a body reader calls it once the body has arrived). */
  admit: RequestHandler;
  /** The worker threads for expensive work. */
  work: WorkPool;
}
