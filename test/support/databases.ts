import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPostgresDatabase } from '../../bench/support/postgres.js';
import type { DatabaseTarget } from '../../src/config/app-config.js';

const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh SQLite file in a temporary folder. */
export function freshSqlite(): DatabaseTarget {
  return { kind: 'sqlite', file: join(mkdtempSync(join(tmpdir(), 'iem-')), 'monitor.db') };
}

/** A fresh, empty PostgreSQL database. Unreachable PostgreSQL fails the test: it never skips. */
export async function freshPostgres(): Promise<DatabaseTarget & { kind: 'postgres' }> {
  return { kind: 'postgres', url: await freshPostgresDatabase(adminUrl, 'iem_test') };
}

/** Every database the service supports, for `describe.each`. */
export function testTargets(): Array<[string, () => Promise<DatabaseTarget>]> {
  return [
    ['SQLite', async () => freshSqlite()],
    ['PostgreSQL', freshPostgres],
  ];
}
