// The service's configuration, from the environment. Every variable is optional; a bad value
// stops the start with a message naming it (never a silent default).
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
  /** REQUEST_TIMEOUT_MS: the longest a request may take to arrive, headers and body (default 30000). */
  requestTimeoutMs: number;
  /** SHUTDOWN_TIMEOUT_MS: on SIGTERM, how long in-flight requests may still take (default 10000). */
  shutdownTimeoutMs: number;
}

export const DEFAULTS: Omit<Config, 'host' | 'adminToken' | 'profilesFile'> = {
  port: 8080,
  packsDir: bundledPacksDir,
  logLevel: 'info',
  bodyLimit: 1024 * 1024,
  impactBodyLimit: 8 * 1024 * 1024,
  xmlBodyLimit: 4 * 1024 * 1024,
  maxInFlight: 64,
  rateLimitPerMinute: 0,
  trustProxy: false,
  requestTimeoutMs: 30_000,
  shutdownTimeoutMs: 10_000,
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

  const rawLimit = get('BODY_LIMIT');
  let bodyLimit = DEFAULTS.bodyLimit;
  if (rawLimit !== undefined) {
    const parsed = parseBytes(rawLimit);
    if (parsed === undefined || parsed < 1024 || parsed > 64 * 1024 * 1024) problems.push(`BODY_LIMIT=${rawLimit}: expected a size from 1kb to 64mb, e.g. 1048576, 512kb or 1mb`);
    else bodyLimit = parsed;
  }

  const rawImpactLimit = get('IMPACT_BODY_LIMIT');
  let impactBodyLimit = DEFAULTS.impactBodyLimit;
  if (rawImpactLimit !== undefined) {
    const parsed = parseBytes(rawImpactLimit);
    if (parsed === undefined || parsed < 1024 || parsed > 64 * 1024 * 1024) problems.push(`IMPACT_BODY_LIMIT=${rawImpactLimit}: expected a size from 1kb to 64mb, e.g. 8mb`);
    else impactBodyLimit = parsed;
  }

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
    requestTimeoutMs: int('REQUEST_TIMEOUT_MS', DEFAULTS.requestTimeoutMs, 1000, 3_600_000),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', DEFAULTS.shutdownTimeoutMs, 0, 3_600_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
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
