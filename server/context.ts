// What every route and middleware of one app shares.
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Metrics } from './metrics.js';
import type { PackStore } from './pack-store.js';
import type { ProfileStore } from './profile-store.js';

/** The process's state as the app sees it; main.ts sets shuttingDown on SIGTERM. */
export interface Lifecycle {
  shuttingDown: boolean;
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
}
