import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from './database.js';
import { testTargets } from '../../test/support/databases.js';

describe.each(testTargets())('migrations on %s', (_name, target) => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open(await target());
    await db.migrate();
  });
  afterAll(() => db?.close());

  it('leave nothing for the entities to change (no drift)', async () => {
    const pending = await db.reads.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});

it('SQLite file databases run in WAL mode', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'iem-')), 'wal.db');
  const db = await Database.open({ kind: 'sqlite', file });
  const [row] = await db.reads.query('PRAGMA journal_mode');
  expect(row.journal_mode).toBe('wal');
  await db.close();
});
