// The feature modules name the entities the database opens with.
import '../app.module.js';
import { mkdtempSync, statSync } from 'node:fs';
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

it('SQLite WAL checkpoints run on their own thread: a large commit lands in the WAL, then in the database file', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'iem-')), 'checkpoints.db');
  const db = await Database.open({ kind: 'sqlite', file });
  try {
    await db.transaction(async (tx) => {
      await tx.query('CREATE TABLE blobs (body TEXT)');
      for (let i = 0; i < 200; i++) await tx.query('INSERT INTO blobs VALUES (?)', ['x'.repeat(50_000)]);
    });
    // Nothing was copied by the commit itself (wal_autocheckpoint = 0): the 10 MB are in the WAL.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(10_000_000);
    const before = statSync(file).size;
    expect(before).toBeLessThan(1_000_000);
    const deadline = Date.now() + 20_000;
    while (statSync(file).size <= 10_000_000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(statSync(file).size).toBeGreaterThan(10_000_000);
  } finally {
    await db.close();
  }
});
