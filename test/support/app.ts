import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import type { Role } from '../../src/auth/roles.js';
import { FixedClock, type Clock } from '../../src/common/clock.js';
import { loadConfig, type AppConfig, type DatabaseTarget } from '../../src/config/app-config.js';
import { Database } from '../../src/database/database.js';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef0123456789';

export interface TestApp {
  nest: INestApplication;
  config: AppConfig;
  /** Fixed at 2026-11-30T12:00:00Z (unused when started with another clock). */
  clock: FixedClock;
  db: Database;
  keys: Record<Role, string>;
  /** Requests with the key of a user of that role. */
  as(role: Role): ReturnType<typeof authorised>;
  anonymous(): ReturnType<typeof request>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

function authorised(http: ReturnType<typeof request>, key: string) {
  const auth = <T extends { set(name: string, value: string): T }>(test: T) => test.set('Authorization', `Bearer ${key}`);
  return {
    get: (url: string) => auth(http.get(url)),
    post: (url: string) => auth(http.post(url)),
    put: (url: string) => auth(http.put(url)),
    patch: (url: string) => auth(http.patch(url)),
    delete: (url: string) => auth(http.delete(url)),
  };
}

export interface StartOptions {
  /** Another clock than the fixed one, e.g. `new SystemClock()` for tests of the scheduler against the wall clock. */
  clock?: Clock;
}

/** The whole service on a database of its own, with a user of each role. */
export async function startApp(target: DatabaseTarget, env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'iem-data-'));
  const config = { ...loadConfig({ DATA_DIR: dataDir, ADMIN_API_KEY: ADMIN_KEY, EVALUATION_CRON: 'off', ...env }), database: target };
  const clock = new FixedClock(new Date('2026-11-30T12:00:00Z'));
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, { clock: options.clock ?? clock })] }).compile();
  const nest = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  configureApp(nest);
  await nest.init();
  const http = () => request(nest.getHttpServer());
  const keys: Record<Role, string> = { admin: ADMIN_KEY, officer: '', viewer: '' };
  for (const role of ['officer', 'viewer'] as const) {
    const res = await authorised(http(), ADMIN_KEY)
      .post('/api/users')
      .send({ email: `${role}@example.com`, name: role, role });
    keys[role] = res.body.apiKey;
  }
  const db = nest.get(Database);
  return {
    nest,
    config,
    clock,
    db,
    keys,
    as: (role) => authorised(http(), keys[role]),
    anonymous: http,
    count: async (table) => Number((await db.reads.query(`SELECT COUNT(*) AS n FROM "${table}"`))[0].n),
    close: () => nest.close(),
  };
}

export function fixture(path: string): string {
  return join(import.meta.dirname, '..', 'fixtures', path);
}
