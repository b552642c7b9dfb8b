import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startApp, type TestApp } from './support/app.js';
import { freshPostgres, freshSqlite } from './support/databases.js';
import { manyFamiliesCsv, PORTFOLIO } from './support/workloads.js';

const portfolio = (code: string) => ({ ...PORTFOLIO, code, name: `Portfolio ${code}` });

function expectUnavailable(res: { status: number; body: Record<string, unknown> }): void {
  expect(res.status).toBe(503);
  expect(res.body).toEqual({
    statusCode: 503,
    error: 'Service Unavailable',
    message: 'The database cannot take requests at the moment, so nothing was changed; try again in a few minutes',
    errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });
}

async function exists(app: TestApp, code: string): Promise<boolean> {
  const { status } = await app.as('admin').get(`/api/portfolios/${code}`);
  expect([200, 404]).toContain(status);
  return status === 200;
}

describe('a failed commit on SQLite (its files made immutable for a while)', () => {
  const target = freshSqlite();
  const file = target.kind === 'sqlite' ? target.file : '';
  const immutable = (on: boolean) => execFileSync('chattr', [on ? '+i' : '-i', file, `${file}-wal`]);
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp(target);
    await app.as('admin').post('/api/portfolios').send(portfolio('BEFORE')).expect(201);
  });
  afterAll(async () => {
    immutable(false);
    await app?.close();
  });

  it('answers 503 to every write while it lasts, /health says so, and after it every write acknowledged is there after a restart', async () => {
    const holdings = await manyFamiliesCsv(50, 2000);
    immutable(true);
    // The first write's COMMIT fails; TypeORM's ROLLBACK then found no transaction, and once left
    // every later write inside a transaction that was never committed, each answered 201.
    for (const code of ['DURING-1', 'DURING-2', 'DURING-3'])
      expectUnavailable(await app.as('admin').post('/api/portfolios').send(portfolio(code)));
    expectUnavailable(
      await app.as('officer').post('/api/portfolios/BEFORE/holdings').field('asOfDate', '2026-11-30').attach('file', holdings),
    );
    const health = await app.anonymous().get('/health').expect(503);
    expect(health.body.message).toBe('Not healthy: database down');
    expect(health.body.details.database).toEqual({
      status: 'down',
      kind: 'sqlite',
      message: expect.stringMatching(/^the database takes no writes since /),
    });

    immutable(false);
    expect((await app.anonymous().get('/health').expect(200)).body.details.database).toEqual({ status: 'up', kind: 'sqlite' });
    await app.as('admin').post('/api/portfolios').send(portfolio('AFTER')).expect(201);
    expect(await exists(app, 'AFTER')).toBe(true);
    const upload = await app
      .as('officer')
      .post('/api/portfolios/AFTER/holdings')
      .field('asOfDate', '2026-11-30')
      .attach('file', holdings)
      .expect(201);

    await app.close();
    app = await startApp(target);
    expect(await exists(app, 'BEFORE')).toBe(true);
    expect(await exists(app, 'AFTER')).toBe(true);
    for (const code of ['DURING-1', 'DURING-2', 'DURING-3']) expect(await exists(app, code)).toBe(false);
    const snapshots = (await app.as('admin').get('/api/portfolios/AFTER/snapshots').expect(200)).body;
    expect(snapshots.items).toEqual([expect.objectContaining({ id: upload.body.snapshotId, rows: 2000 })]);
    expect((await app.as('admin').get('/api/portfolios/BEFORE/snapshots').expect(200)).body.total).toBe(0);
  });
});

describe('a failed commit on PostgreSQL (the backend terminated at COMMIT)', () => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    const target = await freshPostgres();
    url = target.url;
    app = await startApp(target);
    // A deferred constraint trigger runs at COMMIT: the backend ends itself there, before the commit is recorded.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE FUNCTION terminate_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.code LIKE 'FAULT%' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW; END $$`);
    await admin.query(`CREATE CONSTRAINT TRIGGER terminate_at_commit AFTER INSERT ON portfolios
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION terminate_at_commit()`);
    await admin.end();
  });
  afterAll(() => app?.close());

  it('answers 503 with nothing stored, then takes the next writes, which are there after a restart', async () => {
    expectUnavailable(await app.as('admin').post('/api/portfolios').send(portfolio('FAULT-1')));
    expect(await exists(app, 'FAULT-1')).toBe(false);
    for (const code of ['NEXT-1', 'NEXT-2']) await app.as('admin').post('/api/portfolios').send(portfolio(code)).expect(201);
    expect((await app.anonymous().get('/health').expect(200)).body.details.database).toEqual({ status: 'up', kind: 'postgres' });

    await app.close();
    app = await startApp({ kind: 'postgres', url });
    expect([await exists(app, 'FAULT-1'), await exists(app, 'NEXT-1'), await exists(app, 'NEXT-2')]).toEqual([false, true, true]);
  });
});

describe('a full disk under DATA_DIR (a 4 MB tmpfs)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'iem-full-'));
  let app: TestApp;

  beforeAll(async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dataDir]);
    app = await startApp(freshSqlite(), { DATA_DIR: dataDir });
    await app.as('admin').post('/api/portfolios').send(portfolio('FULL')).expect(201);
  });
  afterAll(async () => {
    await app?.close();
    execFileSync('umount', [dataDir]);
  });

  it('answers an upload 507 within seconds naming DATA_DIR, leaves no partial file, and /health degrades', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'iem-big-')), 'holdings.csv');
    writeFileSync(
      file,
      `cusip,issuer_name,par_value,market_value,maturity_date\n${'30303MAA0,Meta Platforms Inc,1000,1000,2035-11-15\n'.repeat(120_000)}`,
    );
    const started = Date.now();
    const res = await app.as('officer').post('/api/portfolios/FULL/holdings').field('asOfDate', '2026-11-30').attach('file', file);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.status).toBe(507);
    expect(res.body).toEqual({
      statusCode: 507,
      error: 'Insufficient Storage',
      message: `The disk of DATA_DIR (${dataDir}) is full, so the file was not stored; free space there, then send it again`,
      errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(readdirSync(join(dataDir, 'uploads'))).toEqual([]);
    const health = (await app.anonymous().get('/health').expect(200)).body;
    expect(health.status).toBe('degraded');
    expect(health.details.disk).toEqual({
      status: 'degraded',
      freeMb: expect.any(Number),
      message: expect.stringMatching(/^\d+ MB free on the disk of DATA_DIR, below DISK_MIN_FREE_MB \(512\)$/),
    });
    expect(health.details.disk.freeMb).toBeLessThan(5);
    expect((await app.as('viewer').get('/api/portfolios/FULL/snapshots').expect(200)).body.total).toBe(0);
  });
});

describe('a JSON body nested 45,000 levels deep, sent to the open POST /api/session', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startApp(freshSqlite())));
  afterAll(() => app?.close());

  it('is answered 400 at once, before anything reads it, and the service stays responsive', async () => {
    const deep = `${'['.repeat(45_000)}${']'.repeat(45_000)}`;
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        app.anonymous().post('/api/session').set({ 'Content-Type': 'application/json', 'X-Requested-With': 'fetch' }).send(deep),
      ),
    );
    for (const res of answers)
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'The JSON body nests deeper than 32 levels; no request of this service needs more',
      });
    expect(Date.now() - started).toBeLessThan(1000);
    await app.anonymous().get('/health').expect(200);
    // 32 levels are still read: this body is refused for what it says, not for its depth.
    const res = await app
      .anonymous()
      .post('/api/session')
      .set('X-Requested-With', 'fetch')
      .send({ apiKey: JSON.parse(`${'['.repeat(31)}1${']'.repeat(31)}`) });
    expect(res.status).toBe(400);
    expect(res.body.message).not.toMatch(/nests deeper/);
  });
});
