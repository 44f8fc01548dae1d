#!/usr/bin/env node
// The service process: configuration from the environment, packs loaded once (an invalid pack
// stops the start, its errors printed), SIGHUP reloads them, SIGTERM/SIGINT drain the open
// connections and exit 0.
import { createServer } from 'node:http';
import { pino } from 'pino';
import { PackValidationError } from '../engine/pack/errors.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { Lifecycle } from './context.js';
import { connectionLimiter } from './connections.js';
import { createLogger } from './logging.js';
import { metricsApp } from './routes/health.js';
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
    const lines = e.lines();
    for (const line of lines) process.stderr.write(`${line}\n`);
    logger.fatal({ dir: config.packsDir, errors: lines }, `${e.errorCount} pack error(s); refusing to start`);
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
const ctx = app.locals.ctx;
// Timeouts are checked every second (Node's default is every 30 s): a slow client is cut off
// close to its deadline. The headers must come within headersTimeoutMs, the whole request
// within requestTimeoutMs (the largest body at a modest rate); then Node answers 408 and closes.
const server = createServer({
  requestTimeout: config.requestTimeoutMs,
  headersTimeout: Math.min(config.headersTimeoutMs, config.requestTimeoutMs),
  connectionsCheckingInterval: 1000,
}, app);
// The listener is a net server of its own: it caps connections per client address before HTTP,
// and closing it stops new connections without touching those open (http's close() would drop
// the idle keep-alive ones, resetting a request a client has just sent on one).
const listener = connectionLimiter(config.maxConnectionsPerClient, (socket) => server.emit('connection', socket));
const metricsServer = config.metricsPort === undefined ? undefined : createServer(metricsApp(ctx));

// A listen error is the operator's to fix, not a bug: one plain line naming the port and the
// variable that sets it (no stack trace), then exit 1.
const fail = (variable: string, port: number | undefined) => (e: NodeJS.ErrnoException) => {
  const why = e.code === 'EADDRINUSE' ? 'is in use' : e.code === 'EACCES' ? 'needs privileges this process lacks' : `cannot be listened on (${e.message})`;
  const line = `port ${port} ${why}; set ${variable} to another port`;
  process.stderr.write(`mips-ia-server: ${line}\n`);
  logger.fatal({ event: 'listen', port, code: e.code }, line);
  process.exit(1);
};
listener.on('error', fail('PORT', config.port));
let acceptedConnections = 0;
listener.on('connection', () => acceptedConnections++);
listener.listen({ port: config.port, host: config.host }, () => {
  const address = listener.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ event: 'listening', port, host: config.host ?? null, years: store.years(), dir: config.packsDir }, `listening on port ${port}`);
});
metricsServer?.on('error', fail('METRICS_PORT', config.metricsPort));
metricsServer?.listen({ port: config.metricsPort, host: config.host }, () => {
  const address = metricsServer.address();
  logger.info({ event: 'listening', metricsPort: typeof address === 'object' && address ? address.port : config.metricsPort }, 'metrics listening');
});

process.on('SIGHUP', () => {
  logger.info({ event: 'sighup' }, 'SIGHUP: reloading the packs');
  reloadPacks(ctx, 'SIGHUP');
});

/**
 * Drain: /readyz answers 503 at once; after SHUTDOWN_DELAY_MS the listener closes and every answer
 * carries Connection: close (app.ts). Requests already sent on open connections are read and
 * answered, and each connection closes after its answer, or when idle past the keep-alive timeout
 * (a close a client expects, as at any other time). Once no connection is left, exit 0.
 */
function shutdown(signal: string): void {
  if (lifecycle.shuttingDown) return;
  lifecycle.shuttingDown = true;
  logger.info({ event: 'shutdown', signal }, `${signal}: not ready; finishing the requests on open connections`);
  const timer = setTimeout(() => {
    logger.error({ event: 'shutdown', timeoutMs: config.shutdownTimeoutMs }, 'connections still open at the shutdown timeout; exiting');
    process.exit(1);
  }, config.shutdownDelayMs + config.shutdownTimeoutMs);
  timer.unref();
  // The listener closes before any answer says Connection: close, so that no client reconnects
  // into the listener's backlog as it closes (those connections would be reset).
  const closeListener = () => {
    // Connections the kernel has accepted but Node not yet (in the listen backlog, as when a busy
    // loop falls behind) would be reset by the close: accept them first, closing only after a turn
    // of the loop that accepted none (at most 100 turns, so a flood cannot hold it open).
    let turns = 0;
    let seen = -1;
    const closeWhenQuiet = () => {
      if (acceptedConnections !== seen && turns++ < 100) {
        seen = acceptedConnections;
        setImmediate(closeWhenQuiet);
        return;
      }
      listener.close(allClosed);
      lifecycle.draining = true;
      logger.info({ event: 'shutdown' }, 'no new connections');
      metricsServer?.close();
    };
    closeWhenQuiet();
  };
  if (config.shutdownDelayMs === 0) closeListener();
  else setTimeout(closeListener, config.shutdownDelayMs);
}

function allClosed(): void {
  logger.info({ event: 'shutdown' }, 'all requests answered; exiting');
  void ctx.work.close().finally(() => {
    destination.once('close', () => process.exit(0));
    destination.end();
  });
}

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
