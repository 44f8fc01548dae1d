#!/usr/bin/env node
// The service process: configuration from the environment, packs loaded once (an invalid pack
// stops the start, every error printed), SIGHUP reloads them, SIGTERM/SIGINT finish the
// requests in flight and exit 0.
import { createServer } from 'node:http';
import { pino } from 'pino';
import { formatPackError, PackValidationError } from '../engine/pack/errors.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { Lifecycle } from './context.js';
import { createLogger } from './logging.js';
import { PackStore } from './pack-store.js';
import { ProfileStore } from './profile-store.js';
import { reloadPacks } from './reload.js';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (e) {
  process.stderr.write(`mips-ia-server: ${e instanceof ConfigError ? e.message : String(e)}\n`);
  process.exit(1);
}

// Asynchronous writes: the write happens off this thread, and lines logged while one is under way
// go out together. An orderly exit ends the destination first (every line written, in order);
// process.exit alone would flush what is buffered ahead of a write still under way.
const destination = pino.destination({ dest: 1, sync: false });
const logger = createLogger(config.logLevel, destination);
process.on('uncaughtException', (e) => {
  logger.fatal({ err: e }, 'uncaught exception; exiting');
  process.exit(1);
});
process.on('unhandledRejection', (e) => {
  logger.fatal({ err: e }, 'unhandled rejection; exiting');
  process.exit(1);
});

let store: PackStore;
try {
  store = PackStore.load(config.packsDir);
} catch (e) {
  if (e instanceof PackValidationError) {
    for (const err of e.errors) process.stderr.write(`${formatPackError(err)}\n`);
    logger.fatal({ dir: config.packsDir, errors: e.errors.map(formatPackError) }, `${e.errors.length} pack error(s); refusing to start`);
  } else {
    process.stderr.write(`mips-ia-server: ${(e as Error).message}\n`);
    logger.fatal({ dir: config.packsDir, err: e }, 'packs not loaded; refusing to start');
  }
  process.exit(1);
}

let profiles: ProfileStore;
try {
  profiles = new ProfileStore(config.profilesFile);
} catch (e) {
  process.stderr.write(`mips-ia-server: ${(e as Error).message}\n`);
  logger.fatal({ file: config.profilesFile, err: e }, 'profiles not loaded; refusing to start');
  process.exit(1);
}

const lifecycle: Lifecycle = { shuttingDown: false };
const app = createApp({ packs: store, profiles, config, logger, lifecycle });
const server = createServer(app);
server.requestTimeout = config.requestTimeoutMs;
server.headersTimeout = Math.min(config.requestTimeoutMs, 60_000);

server.on('error', (e) => {
  logger.fatal({ err: e }, `cannot listen: ${e.message}`);
  process.exit(1);
});
server.listen({ port: config.port, host: config.host }, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ event: 'listening', port, host: config.host ?? null, years: store.years(), dir: config.packsDir }, `listening on port ${port}`);
});

process.on('SIGHUP', () => {
  logger.info({ event: 'sighup' }, 'SIGHUP: reloading the packs');
  reloadPacks(app.locals.ctx, 'SIGHUP');
});

function shutdown(signal: string): void {
  if (lifecycle.shuttingDown) return;
  lifecycle.shuttingDown = true;
  logger.info({ event: 'shutdown', signal }, `${signal}: no new connections; finishing the requests in flight`);
  const timer = setTimeout(() => {
    logger.error({ event: 'shutdown', timeoutMs: config.shutdownTimeoutMs }, 'requests still in flight at the shutdown timeout; exiting');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  timer.unref();
  server.close(() => {
    const exit = () => setImmediate(() => {
      logger.info({ event: 'shutdown' }, 'all requests answered; exiting');
      destination.once('close', () => process.exit(0));
      destination.end();
    });
    if (active === 0) exit();
    else onAllClosed = exit;
  });
  server.closeIdleConnections();
}

// Responses not yet closed (each logs its line by then). A keep-alive connection goes idle once
// its last response is sent: while shutting down, close it then, so that close() can complete.
let active = 0;
let onAllClosed: (() => void) | undefined;
server.on('request', (_req, res) => {
  active++;
  res.once('close', () => {
    active--;
    if (!lifecycle.shuttingDown) return;
    setImmediate(() => server.closeIdleConnections());
    if (active === 0) onAllClosed?.();
  });
});

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
