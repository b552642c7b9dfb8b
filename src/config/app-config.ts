import { join, resolve } from 'node:path';
import { CronTime } from 'cron';

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

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
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

/** Reads the environment once; the only place that knows the variables' names and defaults. */
export function loadConfig(env: Env = process.env): AppConfig {
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
  };
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
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

function adminKey(key: string | undefined): string | null {
  if (key === undefined) return null;
  if (key.length < 32) throw new ConfigError('ADMIN_API_KEY', 'must be at least 32 characters long');
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

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('AppConfig');
