// The service's configuration, from the environment. Every variable is optional; a bad value
// stops the start with a message naming it (never a silent default).
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { bundledPacksDir } from '../engine/paths.js';

export interface Config {
  /** PORT: the TCP port (default 8080; 0 picks a free one, logged at start). */
  port: number;
  /** HOST: the address to listen on (default: every interface). */
  host?: string;
  /** RULEPACKS_DIR: the directory of year packs (default: the bundled rulepacks/). */
  packsDir: string;
  /** LOG_LEVEL: pino level (default info). */
  logLevel: string;
  /** BODY_LIMIT: the largest request body, in bytes or with a unit (default 1mb = 1 MiB). */
  bodyLimit: number;
  /** XML_BODY_LIMIT: the largest QRDA III body (application/xml) of the QPP routes (default 4mb; CMS's largest public sample is 1.2 MB). */
  xmlBodyLimit: number;
  /** PROFILES_FILE: a profiles file (.json or .csv) whose context fields fill QPP submissions by TIN and NPI; unset, none. */
  profilesFile?: string;
  /** IMPACT_BODY_LIMIT: the largest body of POST /v1/impact, a corpus of up to 5,000 submissions (default 8mb). */
  impactBodyLimit: number;
  /** MAX_IN_FLIGHT: requests handled at once; more get 503 (default 64; 0 = no limit). */
  maxInFlight: number;
  /** RATE_LIMIT_PER_MINUTE: requests per client address per minute; more get 429 (default 0 = off). */
  rateLimitPerMinute: number;
  /** TRUST_PROXY: Express's trust proxy setting, for client addresses behind a proxy (default off). */
  trustProxy: boolean | number | string;
  /** ADMIN_TOKEN: bearer token for POST /v1/admin/reload; unset turns the endpoint off. */
  adminToken?: string;
  /** PACK_BODY_LIMIT: the largest YAML pack, posted to /v1/packs/validate or as an impact draft (default 512kb). */
  packBodyLimit: number;
  /** REQUEST_TIMEOUT_MS: the longest a request may take to arrive, headers and body (default 30000: the impact limit at 280 KiB/s). */
  requestTimeoutMs: number;
  /** HEADERS_TIMEOUT_MS: the longest the headers of a request may take to arrive (default 10000). */
  headersTimeoutMs: number;
  /** MAX_CONNECTIONS_PER_CLIENT: open connections from one client address; more are answered 503 and closed (default 32; 0 = no limit). */
  maxConnectionsPerClient: number;
  /** WORKER_THREADS: threads for pack validation, impact and comparisons (default: the cores less one, 1 to 4). */
  workerThreads: number;
  /** WORK_QUEUE: requests that may wait for a worker thread; more get 503 (default 16). */
  workQueue: number;
  /** WORK_DEADLINE_MS: the longest a request may wait for and use a worker thread; then 503 and the work is stopped (default 10000). */
  workDeadlineMs: number;
  /** METRICS_PORT: serve /metrics on this port only, not on PORT (default: unset, on PORT). */
  metricsPort?: number;
  /** METRICS_TOKEN: /metrics needs Authorization: Bearer <token> (default: unset, open). */
  metricsToken?: string;
  /** SHUTDOWN_DELAY_MS: on SIGTERM, how long to keep accepting connections while /readyz answers 503, for a load balancer to notice (default 0). */
  shutdownDelayMs: number;
  /** CORS_ORIGINS: comma-separated exact origins (https://app.example.org) that may call /v1/* from a browser (default: none). */
  corsOrigins: string[];
  /** SHUTDOWN_TIMEOUT_MS: on SIGTERM, how long in-flight requests may still take (default 10000). */
  shutdownTimeoutMs: number;
}

export const DEFAULTS: Omit<Config, 'host' | 'adminToken' | 'profilesFile' | 'metricsPort' | 'metricsToken'> = {
  port: 8080,
  packsDir: bundledPacksDir,
  logLevel: 'info',
  bodyLimit: 1024 * 1024,
  impactBodyLimit: 8 * 1024 * 1024,
  xmlBodyLimit: 4 * 1024 * 1024,
  maxInFlight: 64,
  rateLimitPerMinute: 0,
  trustProxy: false,
  packBodyLimit: 512 * 1024,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  maxConnectionsPerClient: 32,
  workerThreads: Math.max(1, Math.min(4, availableParallelism() - 1)),
  workQueue: 16,
  workDeadlineMs: 10_000,
  shutdownDelayMs: 0,
  shutdownTimeoutMs: 10_000,
  corsOrigins: [],
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Thrown with every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}=${raw}: expected a whole number from ${min} to ${max}`);
      return fallback;
    }
    return Number(raw);
  };

  const logLevel = get('LOG_LEVEL') ?? DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL=${logLevel}: expected one of ${LOG_LEVELS.join(', ')}`);

  const size = (name: string, fallback: number, example: string): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const parsed = parseBytes(raw);
    if (parsed === undefined || parsed < 1024 || parsed > 64 * 1024 * 1024) {
      problems.push(`${name}=${raw}: expected a size from 1kb to 64mb, e.g. ${example}`);
      return fallback;
    }
    return parsed;
  };
  const bodyLimit = size('BODY_LIMIT', DEFAULTS.bodyLimit, '1048576, 512kb or 1mb');
  const impactBodyLimit = size('IMPACT_BODY_LIMIT', DEFAULTS.impactBodyLimit, '8mb');
  const packBodyLimit = size('PACK_BODY_LIMIT', DEFAULTS.packBodyLimit, '512kb');

  const rawXmlLimit = get('XML_BODY_LIMIT');
  let xmlBodyLimit = DEFAULTS.xmlBodyLimit;
  if (rawXmlLimit !== undefined) {
    const parsed = parseBytes(rawXmlLimit);
    if (parsed === undefined || parsed < 1024 || parsed > 8 * 1024 * 1024) problems.push(`XML_BODY_LIMIT=${rawXmlLimit}: expected a size from 1kb to 8mb (the QRDA III parser's bound), e.g. 4mb`);
    else xmlBodyLimit = parsed;
  }
  const profilesFile = get('PROFILES_FILE');

  const adminToken = get('ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < 16) problems.push('ADMIN_TOKEN: at least 16 characters (it guards pack reloads)');
  const metricsToken = get('METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) problems.push('METRICS_TOKEN: at least 16 characters');
  const metricsPort = get('METRICS_PORT') === undefined ? undefined : int('METRICS_PORT', 0, 0, 65535);

  const corsOrigins = (get('CORS_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
  for (const o of corsOrigins) if (!isOrigin(o)) problems.push(`CORS_ORIGINS: ${o.slice(0, 100)} is not an origin; expected scheme://host[:port], e.g. https://app.example.org`);

  const config: Config = {
    port: int('PORT', DEFAULTS.port, 0, 65535),
    host: get('HOST'),
    packsDir: resolve(get('RULEPACKS_DIR') ?? DEFAULTS.packsDir),
    logLevel,
    bodyLimit,
    impactBodyLimit,
    xmlBodyLimit,
    ...(profilesFile !== undefined ? { profilesFile: resolve(profilesFile) } : {}),
    maxInFlight: int('MAX_IN_FLIGHT', DEFAULTS.maxInFlight, 0, 100_000),
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', DEFAULTS.rateLimitPerMinute, 0, 1_000_000),
    trustProxy: parseTrustProxy(get('TRUST_PROXY')),
    adminToken,
    packBodyLimit,
    requestTimeoutMs: int('REQUEST_TIMEOUT_MS', DEFAULTS.requestTimeoutMs, 1000, 3_600_000),
    headersTimeoutMs: int('HEADERS_TIMEOUT_MS', DEFAULTS.headersTimeoutMs, 1000, 600_000),
    maxConnectionsPerClient: int('MAX_CONNECTIONS_PER_CLIENT', DEFAULTS.maxConnectionsPerClient, 0, 100_000),
    workerThreads: int('WORKER_THREADS', DEFAULTS.workerThreads, 1, 64),
    workQueue: int('WORK_QUEUE', DEFAULTS.workQueue, 0, 100_000),
    workDeadlineMs: int('WORK_DEADLINE_MS', DEFAULTS.workDeadlineMs, 100, 3_600_000),
    metricsPort,
    metricsToken,
    shutdownDelayMs: int('SHUTDOWN_DELAY_MS', DEFAULTS.shutdownDelayMs, 0, 600_000),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', DEFAULTS.shutdownTimeoutMs, 0, 3_600_000),
    corsOrigins,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** An origin as browsers send it: http(s), a host, maybe a port; no path, no trailing slash. */
function isOrigin(raw: string): boolean {
  if (!URL.canParse(raw)) return false;
  const url = new URL(raw);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === raw;
}

/** 1048576, 512kb, 1mb (k and m are 1024 and 1024²). */
export function parseBytes(raw: string): number | undefined {
  const m = /^(\d+)\s*(b|kb|kib|k|mb|mib|m)?$/i.exec(raw.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase();
  return Number(m[1]) * (unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1);
}

/** true/false, a hop count, or addresses/subnets as Express takes them. */
function parseTrustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || /^(false|0|no|off)$/i.test(raw)) return false;
  if (/^(true|yes|on)$/i.test(raw)) return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

/** A human size: 1 MiB, 512 KiB. */
export function formatBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / 1024 / 1024} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
