import { openAsBlob } from 'node:fs';
import pg from 'pg';
import { ServiceProcess } from '../bench/support/service.js';
import { freshPostgres } from './support/databases.js';
import { manyFamiliesCsv, PORTFOLIO, TINY_FAMILY_LIMIT } from './support/workloads.js';

interface RunView {
  id: number;
  trigger: string;
  scheduledFor: string | null;
  attempt: number;
  status: string;
  error?: string;
  counts: { conditions: number; opened: number } | null;
}

/**
 * A six-field cron that ticks once a day, `secondsAhead` from now: the test knows its one tick. The
 * service must be up before it (a fresh database has no tick to catch up), so the margin allows for
 * a slow start on a busy machine.
 */
function dailyCronIn(secondsAhead: number): { expression: string; tick: string } {
  const tick = new Date(Math.ceil(Date.now() / 1000) * 1000 + secondsAhead * 1000);
  return { expression: `${tick.getUTCSeconds()} ${tick.getUTCMinutes()} ${tick.getUTCHours()} * * *`, tick: tick.toISOString() };
}

async function json<T>(service: ServiceProcess, path: string, init: RequestInit = {}): Promise<T> {
  const res = await service.api(path, init);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function runs(service: ServiceProcess): Promise<RunView[]> {
  return (await json<{ items: RunView[] }>(service, '/api/evaluations')).items.reverse();
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A portfolio of about 1,300 families over a tiny limit: a run of some 5,000 conditions, long enough to be killed in. */
async function loadWorkload(service: ServiceProcess): Promise<void> {
  await json(service, '/api/portfolios', { method: 'POST', body: JSON.stringify(PORTFOLIO) });
  const form = new FormData();
  form.set('asOfDate', '2026-11-30');
  form.set('file', await openAsBlob(await manyFamiliesCsv(1500, 12_000)), 'holdings.csv');
  await json(service, `/api/portfolios/${PORTFOLIO.code}/holdings`, { method: 'POST', body: form });
  await json(service, '/api/limits', { method: 'POST', body: JSON.stringify(TINY_FAMILY_LIMIT) });
  await json(service, '/api/recipients', {
    method: 'POST',
    body: JSON.stringify({ email: 'risk@example.com', portfolios: null, minSeverity: 'WARNING' }),
  });
}

/** Waits until the scheduled run of `tick` is RUNNING, then kills its process with SIGKILL. */
async function killDuringRun(service: ServiceProcess, tick: string): Promise<RunView> {
  const running = await waitFor('the scheduled run', async () =>
    (await runs(service)).find((r) => r.scheduledFor === tick && r.status === 'RUNNING'),
  );
  await service.kill('SIGKILL');
  return running;
}

async function expectRunAgainOnce(service: ServiceProcess, killed: RunView, killedPid: number, tick: string): Promise<void> {
  const rerun = await waitFor('the run again of the tick', async () =>
    (await runs(service)).find((r) => r.scheduledFor === tick && r.attempt === 2 && r.status === 'SUCCEEDED'),
  );
  const all = (await runs(service)).filter((r) => r.scheduledFor === tick);
  expect(all).toEqual([
    expect.objectContaining({
      id: killed.id,
      trigger: 'SCHEDULED',
      attempt: 1,
      status: 'FAILED',
      error: expect.stringMatching(
        new RegExp(
          `^Interrupted: the process running it \\(.+:${killedPid}:\\d+:[0-9a-f]{8}\\) stopped before it finished, so nothing it found was recorded$`,
        ),
      ),
    }),
    expect.objectContaining({ id: rerun.id, trigger: 'CATCH_UP', attempt: 2, status: 'SUCCEEDED' }),
  ]);
  // Nothing of the killed run was kept: the breaches are those of the run again, once each.
  const breaches = await json<{ total: number }>(service, '/api/breaches?limit=1');
  expect(rerun.counts!.opened).toBe(rerun.counts!.conditions);
  expect(breaches.total).toBe(rerun.counts!.conditions);
  const alerts = await json<{ items: Array<{ runId: number }> }>(service, '/api/alerts');
  expect(alerts.items.map((a) => a.runId)).toEqual([rerun.id]);
  const metrics = await (await service.api('/metrics')).text();
  expect(metrics).not.toMatch(/iem_evaluation_runs\{[^}]*status="RUNNING"[^}]*\} [1-9]/);
  expect(metrics).toContain('iem_evaluation_runs{trigger="SCHEDULED",status="FAILED"} 1');
}

describe('a run whose process is killed', () => {
  const started: ServiceProcess[] = [];
  const start = async (env: Record<string, string>) => {
    const service = await ServiceProcess.start({ env, output: 'capture' });
    started.push(service);
    return service;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.kill('SIGKILL')));
  });

  it('on SQLite: the restarted service marks it FAILED at start and runs its tick again once', async () => {
    const loader = await start({});
    await loadWorkload(loader);
    await loader.stop();
    const cron = dailyCronIn(10);
    const env = { DATA_DIR: loader.dataDir, EVALUATION_CRON: cron.expression };
    const first = await start(env);
    const killed = await killDuringRun(first, cron.tick);
    const restarted = await start(env);
    await expectRunAgainOnce(restarted, killed, first.pid, cron.tick);
  }, 180_000);

  it('on PostgreSQL: a surviving replica marks it FAILED and runs its tick again once', async () => {
    const database = await freshPostgres();
    const loader = await start({ DATABASE_URL: database.url });
    await loadWorkload(loader);
    await loader.stop();
    const cron = dailyCronIn(10);
    const env = { DATABASE_URL: database.url, EVALUATION_CRON: cron.expression };
    const replicas = [await start(env), await start(env)];
    const running = await waitFor('the scheduled run', async () =>
      (await runs(replicas[0])).find((r) => r.scheduledFor === cron.tick && r.status === 'RUNNING'),
    );
    const holder = await holderPid(database.url, running.id);
    const owner = replicas.find((r) => r.pid === holder)!;
    const survivor = replicas.find((r) => r !== owner)!;
    await owner.kill('SIGKILL');
    await expectRunAgainOnce(survivor, running, owner.pid, cron.tick);
  }, 180_000);
});

describe('replicas starting at the same moment on a fresh PostgreSQL database', () => {
  it('all start and create the first admin once, round after round', async () => {
    for (let round = 0; round < 6; round++) {
      const database = await freshPostgres();
      const replicas = await Promise.all(
        [0, 1].map(() => ServiceProcess.spawn({ env: { DATABASE_URL: database.url }, output: 'capture' })),
      );
      try {
        await Promise.all(replicas.map((r) => r.waitUntilHealthy(30_000)));
        for (const replica of replicas) {
          const users = await json<{ items: Array<{ email: string; role: string }> }>(replica, '/api/users');
          expect(users.items).toEqual([expect.objectContaining({ email: 'admin@localhost', role: 'admin' })]);
        }
      } finally {
        await Promise.all(replicas.map((r) => r.kill('SIGKILL')));
      }
    }
  }, 300_000);
});

/** The pid in the run's owner (host:pid:start:random): which replica runs it. */
async function holderPid(url: string, runId: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT owner FROM evaluation_runs WHERE id = $1', [runId]);
    return Number(String(rows[0].owner).split(':')[1]);
  } finally {
    await client.end();
  }
}
