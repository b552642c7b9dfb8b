import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { ServiceProcess } from '../bench/support/service.js';
import { safeFileName } from '../src/alerts/mail-transport.js';
import { OutboxMessageEntity } from '../src/alerts/outbox-message.entity.js';
import { OutboxService } from '../src/alerts/outbox.service.js';
import type { DatabaseTarget } from '../src/config/app-config.js';
import { startApp, type TestApp } from './support/app.js';
import { CrashDisk } from './support/crash-disk.js';
import { CuttingProxy } from './support/cutting-proxy.js';
import { freshPostgres, freshSqlite } from './support/databases.js';
import { SyscallFaults } from './support/strace.js';
import { manyFamiliesCsv, PORTFOLIO, TINY_FAMILY_LIMIT } from './support/workloads.js';

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

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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

describe('a power cut on SQLite (the disk as its device holds it at that instant, mounted anew)', () => {
  const apps: TestApp[] = [];
  /** The service with its database and DATA_DIR (uploads, emails) on `disk`. */
  const startOn = async (disk: CrashDisk) => {
    const target: DatabaseTarget = { kind: 'sqlite', file: join(disk.path, 'monitor.db') };
    apps.push(await startApp(target, { DATA_DIR: join(disk.path, 'data') }));
    return apps[apps.length - 1];
  };
  afterAll(async () => {
    for (const app of apps.splice(0).reverse()) await app.close();
    CrashDisk.releaseAll();
  });

  it('loses nothing acknowledged: a portfolio, an upload, a limit, a run, a breach acknowledged, the alert emails sent', async () => {
    const holdings = await manyFamiliesCsv(20, 400);
    const disk = CrashDisk.create();
    const app = await startOn(disk);
    await app.as('admin').post('/api/portfolios').send(portfolio('CUT')).expect(201);
    const upload = await app.as('officer').post('/api/portfolios/CUT/holdings').field('asOfDate', '2026-11-30').attach('file', holdings);
    expect(upload.status).toBe(201);
    const limit = (await app.as('admin').post('/api/limits').send(TINY_FAMILY_LIMIT).expect(201)).body;
    await app.as('admin').post('/api/recipients').send({ email: 'risk@example.com', portfolios: null, minSeverity: 'WARNING' }).expect(201);
    const run = (await app.as('officer').post('/api/evaluations').send({}).expect(201)).body;
    expect(run.status).toBe('SUCCEEDED');
    const [breach] = (await app.as('officer').get('/api/breaches?limit=1').expect(200)).body.items;
    await app.as('officer').post(`/api/breaches/${breach.id}/acknowledge`).send({ comment: 'Seen' }).expect(200);
    expect(await app.nest.get(OutboxService).deliverDue()).toBeGreaterThan(0);
    const sent = await app.db.reads.getRepository(OutboxMessageEntity).findBy({ status: 'SENT' });
    const email = (dataDir: string, messageId: string) => readFileSync(join(dataDir, 'outbox', `${safeFileName(messageId)}.eml`));
    const emails = new Map(sent.map((m) => [m.messageId, email(app.config.dataDir, m.messageId)]));

    const found = disk.powerCut();
    const after = await startOn(found);
    expect((await after.as('admin').get('/api/portfolios/CUT').expect(200)).body.code).toBe('CUT');
    expect((await after.as('admin').get('/api/portfolios/CUT/snapshots').expect(200)).body.items).toEqual([
      expect.objectContaining({ id: upload.body.snapshotId, rows: 400 }),
    ]);
    expect((await after.as('admin').get(`/api/limits/${limit.id}`).expect(200)).body.name).toBe(TINY_FAMILY_LIMIT.name);
    expect((await after.as('admin').get(`/api/evaluations/${run.id}`).expect(200)).body.status).toBe('SUCCEEDED');
    expect((await after.as('admin').get(`/api/breaches/${breach.id}`).expect(200)).body.status).toBe('ACKNOWLEDGED');
    // An email the service counts as sent is in the outbox folder, whole: it will not be sent again.
    const stillSent = await after.db.reads.getRepository(OutboxMessageEntity).findBy({ status: 'SENT' });
    expect(stillSent.map((m) => m.messageId).sort()).toEqual([...emails.keys()].sort());
    for (const [messageId, written] of emails) expect(email(after.config.dataDir, messageId).equals(written)).toBe(true);
  });

  it('on a disk that fails (its device answers EIO), refuses every write, and after it comes back keeps those it acknowledged alone', async () => {
    const holdings = await manyFamiliesCsv(20, 400);
    const disk = CrashDisk.create();
    const app = await startOn(disk);
    await app.as('admin').post('/api/portfolios').send(portfolio('BEFORE')).expect(201);
    disk.failing(true);
    const answers = [];
    for (const code of ['DURING-1', 'DURING-2']) answers.push((await app.as('admin').post('/api/portfolios').send(portfolio(code))).status);
    const upload = await app.as('officer').post('/api/portfolios/BEFORE/holdings').field('asOfDate', '2026-11-30').attach('file', holdings);
    answers.push(upload.status);
    expect(answers).toEqual([503, 503, 503]);
    // The device works again; the file system, read-only since its journal aborted, comes back at the next boot.
    disk.failing(false);
    const after = await startOn(disk.powerCut());
    const found = [];
    for (const code of ['BEFORE', 'DURING-1', 'DURING-2']) found.push(await exists(after, code));
    expect(found).toEqual([true, false, false]);
    expect((await after.as('admin').get('/api/portfolios/BEFORE/snapshots').expect(200)).body.total).toBe(0);
  });
});

describe('a COMMIT whose fsync fails on SQLite (strace: EIO), then a crash', () => {
  const started: ServiceProcess[] = [];
  const start = async (dataDir?: string) => {
    started.push(await ServiceProcess.start({ env: dataDir ? { DATA_DIR: dataDir } : {}, output: 'capture' }));
    return started[started.length - 1];
  };
  const create = (service: ServiceProcess, code: string) =>
    service.api('/api/portfolios', { method: 'POST', body: JSON.stringify(portfolio(code)) });
  const status = async (service: ServiceProcess, code: string) => (await service.api(`/api/portfolios/${code}`)).status;
  afterAll(async () => {
    await Promise.all(started.splice(0).map((s) => s.kill('SIGKILL')));
  });

  it('answers 503, and the write it refused does not come back when the service restarts', async () => {
    const service = await start();
    expect((await create(service, 'BEFORE')).status).toBe(201);
    const faults = await SyscallFaults.inject(service.pid, 'fsync,fdatasync:error=EIO');
    const refused = await create(service, 'REFUSED');
    await faults.stop();
    expect(faults.injected).toBeGreaterThan(0);
    expect(refused.status).toBe(503);
    // A crash before any other write: SQLite rebuilds its WAL index from the WAL file at start.
    await service.kill('SIGKILL');
    const restarted = await start(service.dataDir);
    expect([await status(restarted, 'BEFORE'), await status(restarted, 'REFUSED')]).toEqual([200, 404]);
  });
});

describe('WAL checkpoints that fail on SQLite (strace: EIO writing the database file), then a crash', () => {
  let service: ServiceProcess | undefined;
  afterAll(() => service?.kill('SIGKILL'));

  it('lose no write acknowledged meanwhile, and work again once the disk does', async () => {
    service = await ServiceProcess.start({ output: 'capture' });
    const file = join(service.dataDir, 'monitor.db');
    const create = (code: string) => service!.api('/api/portfolios', { method: 'POST', body: JSON.stringify(portfolio(code)) });
    const failures = () => service!.output.match(/WAL checkpoint failed/g)?.length ?? 0;
    // Only the checkpoints write the database file: each fails midway (a page or two written), or at its fsync.
    const faults = await SyscallFaults.inject(service.pid, ['pwrite64:error=EIO:when=3+', 'fsync,fdatasync:error=EIO'], {
      path: file,
      allThreads: true,
    });
    const acknowledged: string[] = [];
    for (let i = 0; i < 30 && failures() < 2; i++) {
      if ((await create(`CKPT-${i}`)).status === 201) acknowledged.push(`CKPT-${i}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await faults.stop();
    expect(failures()).toBeGreaterThanOrEqual(2);
    expect(acknowledged.length).toBeGreaterThan(5);
    // The next checkpoint copies again every frame since the last one that worked: the file is written.
    const written = statSync(file).mtimeMs;
    await until('a checkpoint that works', () => statSync(file).mtimeMs > written);
    await service.kill('SIGKILL');
    const db = new BetterSqlite3(file);
    try {
      const codes = db.prepare("SELECT code FROM portfolios WHERE code LIKE 'CKPT-%'").all() as Array<{ code: string }>;
      expect(codes.map((c) => c.code).sort()).toEqual(acknowledged.sort());
    } finally {
      db.close();
    }
  });
});

describe('a connection to PostgreSQL dropped in a transaction (a proxy cuts it)', () => {
  let app: TestApp | undefined;
  let proxy: CuttingProxy;
  let url: string;
  beforeAll(async () => {
    url = (await freshPostgres()).url;
    proxy = await CuttingProxy.start(url);
    app = await startApp({ kind: 'postgres', url: proxy.via(url) });
    await app.as('admin').post('/api/portfolios').send(portfolio('BEFORE')).expect(201);
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
  });

  it('answers a write the server committed as done, though the answer to its COMMIT was lost', async () => {
    const cut = proxy.cutAt('commit', 'ANSWER-LOST');
    const res = await app!.as('admin').post('/api/portfolios').send(portfolio('ANSWER-LOST'));
    await cut;
    // It is there: an answer 503 "nothing was changed" would be false.
    expect([res.status, await exists(app!, 'ANSWER-LOST')]).toEqual([201, true]);
  });

  it('answers 503 with nothing stored when the connection drops before COMMIT, and the next write takes another connection', async () => {
    const cut = proxy.cutAt('statement', 'MIDWAY');
    expectUnavailable(await app!.as('admin').post('/api/portfolios').send(portfolio('MIDWAY')));
    await cut;
    expect(await exists(app!, 'MIDWAY')).toBe(false);
    await app!.as('admin').post('/api/portfolios').send(portfolio('AFTER')).expect(201);
  });

  it('says that it does not know, rather than that nothing was changed, when the server cannot be asked what became of a COMMIT', async () => {
    const cut = proxy.cutAt('commit', 'NOT-KNOWN', { thenDown: true });
    const res = await app!.as('admin').post('/api/portfolios').send(portfolio('NOT-KNOWN'));
    await cut;
    proxy.down = false;
    expect(res.status).toBe(503);
    expect(res.body.message).toBe(
      'The database stopped answering while the change was being saved, so whether it was saved is not known; look before sending it again',
    );
    // It was: the server committed it.
    expect(await exists(app!, 'NOT-KNOWN')).toBe(true);
  });

  it('keeps every write answered 201 after a restart, and none answered "nothing was changed"', async () => {
    await app!.close();
    app = await startApp({ kind: 'postgres', url });
    const found = [];
    for (const code of ['BEFORE', 'ANSWER-LOST', 'MIDWAY', 'AFTER', 'NOT-KNOWN']) found.push([code, await exists(app, code)]);
    expect(found).toEqual([
      ['BEFORE', true],
      ['ANSWER-LOST', true],
      ['MIDWAY', false],
      ['AFTER', true],
      ['NOT-KNOWN', true],
    ]);
  });
});

describe('PostgreSQL whose database has synchronous_commit off', () => {
  let app: TestApp | undefined;
  afterAll(() => app?.close());

  it('commits each write of the service synchronously all the same: a crash of the server cannot take back a 201', async () => {
    const { url } = await freshPostgres();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${new URL(url).pathname.slice(1)}" SET synchronous_commit = off`);
      app = await startApp({ kind: 'postgres', url });
      // A deferred trigger runs at COMMIT: it records the setting the commit is made with.
      await admin.query('CREATE TABLE commit_settings (code text, synchronous_commit text)');
      await admin.query(`CREATE FUNCTION record_commit_setting() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO commit_settings VALUES (NEW.code, current_setting('synchronous_commit')); RETURN NEW; END $$`);
      await admin.query(`CREATE CONSTRAINT TRIGGER record_commit_setting AFTER INSERT ON portfolios
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION record_commit_setting()`);
      await app.as('admin').post('/api/portfolios').send(portfolio('SYNC')).expect(201);
      expect((await admin.query('SELECT code, synchronous_commit FROM commit_settings')).rows).toEqual([
        { code: 'SYNC', synchronous_commit: 'on' },
      ]);
    } finally {
      await admin.end();
    }
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
