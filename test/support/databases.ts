import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/config/app-config.js';

const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let counter = 0;

/** A fresh SQLite file in a temporary folder. */
export function freshSqlite(): DatabaseTarget {
  return { kind: 'sqlite', file: join(mkdtempSync(join(tmpdir(), 'iem-')), 'monitor.db') };
}

/** A fresh, empty PostgreSQL database. Unreachable PostgreSQL fails the test: it never skips. */
export async function freshPostgres(): Promise<DatabaseTarget> {
  const name = `iem_test_${process.pid}_${Date.now()}_${counter++}`;
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is needed by this test and is unreachable at ${adminUrl}: ${(err as Error).message}`);
  }
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { kind: 'postgres', url: url.toString() };
}

/** Every database the service supports, for `describe.each`. */
export function testTargets(): Array<[string, () => Promise<DatabaseTarget>]> {
  return [
    ['SQLite', async () => freshSqlite()],
    ['PostgreSQL', freshPostgres],
  ];
}
