import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { CronTime } from 'cron';
import { ConfigError } from './config-errors.js';
import { oidcConfig, type OidcConfig } from './oidc-config.js';

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

const LOG_FORMATS = ['json', 'pretty'] as const;
/** pino's names, from the most to the least severe. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface LogSettings {
  format: (typeof LOG_FORMATS)[number];
  level: LogLevelName;
}

export interface AppConfig {
  port: number;
  database: DatabaseTarget;
  dataDir: string;
  smtpUrl: string | null;
  alertFrom: string;
  adminApiKey: string | null;
  evaluationCron: string | null;
  outboxPollMs: number;
  publicUrl: string;
  uploadMaxBytes: number;
  /** /health is degraded when the disk of DATA_DIR has less free space than this. */
  diskMinFreeBytes: number;
  waiverMaxDays: number;
  /** Express's 'trust proxy': which proxies' X-Forwarded-For gives the client address (false: none). */
  trustProxy: boolean | number | string[];
  log: LogSettings;
  /** Single sign-on through an OpenID Connect provider (SPEC 4.1), or null: API keys only. */
  oidc: OidcConfig | null;
}

export { ConfigError, StartupError } from './config-errors.js';
export type { OidcConfig, OidcGroups } from './oidc-config.js';

type Env = Record<string, string | undefined>;

/** Reads the environment once; the only place that knows the variables' names and defaults. */
export function loadConfig(env: Env = process.env, stdoutIsTty = isTty()): AppConfig {
  const port = integer(env, 'PORT', 3000, 1, 65535);
  const dataDir = resolve(text(env, 'DATA_DIR') ?? './data');
  return {
    port,
    dataDir,
    database: databaseTarget(text(env, 'DATABASE_URL') ?? 'sqlite:./data/monitor.db', dataDir),
    smtpUrl: smtpUrl(text(env, 'SMTP_URL')),
    alertFrom: email(env, 'ALERT_FROM', 'exposure-monitor@localhost'),
    adminApiKey: adminKey(text(env, 'ADMIN_API_KEY')),
    evaluationCron: cron(text(env, 'EVALUATION_CRON') ?? '0 6 * * 1-5'),
    outboxPollMs: integer(env, 'OUTBOX_POLL_MS', 5000, 100, 86_400_000),
    publicUrl: publicUrl(text(env, 'PUBLIC_URL') ?? `http://localhost:${port}`),
    uploadMaxBytes: integer(env, 'UPLOAD_MAX_MB', 512, 1, 16_384) * 1024 * 1024,
    diskMinFreeBytes: integer(env, 'DISK_MIN_FREE_MB', 512, 0, 1_048_576) * 1024 * 1024,
    waiverMaxDays: integer(env, 'WAIVER_MAX_DAYS', 90, 1, 3650),
    trustProxy: trustProxy(text(env, 'TRUST_PROXY')),
    log: logSettings(env, stdoutIsTty),
    oidc: oidcConfig(env),
  };
}

/** JSON lines for a log collector; Nest's console lines for a person at a terminal. */
export function logSettings(env: Env = process.env, stdoutIsTty = isTty()): LogSettings {
  return {
    format: oneOf(env, 'LOG_FORMAT', LOG_FORMATS, stdoutIsTty ? 'pretty' : 'json'),
    level: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
  };
}

function isTty(): boolean {
  return process.stdout.isTTY === true;
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = text(env, name)?.toLowerCase() ?? fallback;
  if (!allowed.includes(value as T)) throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function databaseTarget(url: string, dataDir: string): DatabaseTarget {
  if (url === 'sqlite::memory:') return { kind: 'sqlite', file: ':memory:' };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (!path) throw new ConfigError('DATABASE_URL', 'needs a file after "sqlite:"');
    // The documented default lives under DATA_DIR, so moving DATA_DIR moves the database too.
    const file = path === './data/monitor.db' ? join(dataDir, 'monitor.db') : resolve(path);
    return { kind: 'sqlite', file };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    return { kind: 'postgres', url };
  }
  throw new ConfigError('DATABASE_URL', 'must start with "sqlite:" or "postgres://"');
}

function smtpUrl(url: string | undefined): string | null {
  if (url === undefined) return null;
  if (!/^smtps?:\/\/[^/]+/.test(url)) {
    throw new ConfigError('SMTP_URL', 'must look like smtp://user:pass@host:587 (or smtps://)');
  }
  return url;
}

function email(env: Env, name: string, fallback: string): string {
  const value = text(env, name) ?? fallback;
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(value)) throw new ConfigError(name, 'must be an email address');
  return value;
}

/** Refuses `aaaa...`; a random key of 64 hex digits has fewer than 10 different ones about once in 10^12. */
function adminKey(key: string | undefined): string | null {
  if (key === undefined) return null;
  if (key.length < 32 || new Set(key).size < 10) {
    throw new ConfigError(
      'ADMIN_API_KEY',
      'must be at least 32 characters long with at least 10 different characters (generate one with openssl rand -hex 32)',
    );
  }
  return key;
}

function cron(expression: string): string | null {
  if (expression.toLowerCase() === 'off') return null;
  const fields = expression.split(/\s+/).length;
  if (fields !== 5 && fields !== 6) {
    throw new ConfigError('EVALUATION_CRON', `must have 5 or 6 fields, or be "off" (got ${fields})`);
  }
  try {
    new CronTime(expression, 'UTC');
  } catch (err) {
    throw new ConfigError('EVALUATION_CRON', `is not a valid cron expression: ${(err as Error).message}`);
  }
  return expression;
}

function publicUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!/^https?:$/.test(parsed.protocol)) throw new Error();
  } catch {
    throw new ConfigError('PUBLIC_URL', 'must be an http(s) URL');
  }
  return url.replace(/\/+$/, '');
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** off (default), true (any), a number of hops, or addresses, subnets and loopback/linklocal/uniquelocal, comma-separated. */
function trustProxy(value: string | undefined): boolean | number | string[] {
  const lower = value?.toLowerCase();
  if (lower === undefined || lower === 'false' || lower === 'off') return false;
  if (lower === 'true') return true;
  if (/^\d{1,2}$/.test(lower)) return Number(lower);
  const entries = lower.split(',').map((entry) => entry.trim());
  const invalid = entries.find((entry) => !PROXY_NAMES.includes(entry) && !isAddressOrSubnet(entry));
  if (invalid !== undefined)
    throw new ConfigError(
      'TRUST_PROXY',
      `must be off, true, a number of proxies, or addresses and subnets such as 10.0.0.0/8 or loopback (got "${invalid}")`,
    );
  return entries;
}

function isAddressOrSubnet(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('AppConfig');
