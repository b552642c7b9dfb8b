import { openAsBlob } from 'node:fs';
import { ServiceProcess } from '../bench/support/service.js';
import { SystemClock } from '../src/common/clock.js';
import { startApp, type TestApp } from './support/app.js';
import { freshSqlite } from './support/databases.js';
import { manyFamiliesCsv, PORTFOLIO, TINY_FAMILY_LIMIT } from './support/workloads.js';

/**
 * No stall of the kind issue 8 found (8 s per cron tick, 14.9 s per run, p99 6.8 s during an upload).
 * The 200 ms target itself is measured by `npm run bench:responsiveness` (p50, p99, max, see
 * docs/benchmarks.md), not timed here, where a CI machine busy with other work adds its own pauses.
 */
const HEALTH_BUDGET_MS = 1000;

/** The app on a real port, so that /health is asked over real HTTP, as a load balancer would. */
async function listen(app: TestApp): Promise<string> {
  await app.nest.listen(0, '127.0.0.1');
  return app.nest.getUrl();
}

/** Asks /health every `everyMs` until `done` settles; the time each answer took. */
async function sampleHealth(url: string, done: Promise<unknown>, everyMs = 100): Promise<number[]> {
  const latencies: number[] = [];
  let finished = false;
  void done.finally(() => (finished = true));
  while (!finished) {
    const started = performance.now();
    const res = await fetch(`${url}/health`);
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return latencies;
}

describe('the event loop on SQLite', () => {
  // Every 20 seconds: finding the latest tick of a frequent cron is what held the loop (8 s per tick at one a minute).
  it(`answers /health within ${HEALTH_BUDGET_MS} ms at every sample while a cron ticks every 20 seconds for 45 seconds`, async () => {
    const app = await startApp(freshSqlite(), { EVALUATION_CRON: '*/20 * * * * *' }, { clock: new SystemClock() });
    try {
      const url = await listen(app);
      const fortyFiveSeconds = new Promise((resolve) => setTimeout(resolve, 45_000));
      const latencies = await sampleHealth(url, fortyFiveSeconds);
      const ticks = (await app.as('viewer').get('/api/evaluations').expect(200)).body.items;
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.every((r: { trigger: string; status: string }) => r.trigger === 'SCHEDULED' && r.status === 'SUCCEEDED')).toBe(true);
      expect(latencies.length).toBeGreaterThan(200);
      expect(Math.max(...latencies)).toBeLessThan(HEALTH_BUDGET_MS);
    } finally {
      await app.close();
    }
  }, 180_000);

  describe('the built service, asked from another process as a load balancer would', () => {
    let service: ServiceProcess;
    beforeEach(async () => {
      service = await ServiceProcess.start();
      await json(service, '/api/portfolios', PORTFOLIO);
    });
    afterEach(() => service.stop());

    it(`answers /health within ${HEALTH_BUDGET_MS} ms while a run records some 17,000 conditions, and answers the run in a page`, async () => {
      await upload(service, await manyFamiliesCsv(5000, 40_000));
      await json(service, '/api/limits', TINY_FAMILY_LIMIT);
      await json(service, '/api/recipients', { email: 'risk@example.com', portfolios: null, minSeverity: 'WARNING' });
      const run = service
        .api('/api/evaluations', { method: 'POST', body: '{}' })
        .then(async (res) => ({ status: res.status, text: await res.text() }));
      const latencies = await sampleHealth(service.url, run, 50);
      const { status, text } = await run;
      expect(status).toBe(201);
      const body = JSON.parse(text);
      expect(body).toMatchObject({ status: 'SUCCEEDED', counts: { conditions: 16976, opened: 16976, emails: 1 } });
      expect(body.results.items).toHaveLength(100);
      expect(body.results.total).toBe(12732);
      expect(text.length).toBeLessThan(1_000_000);
      expect(latencies.length).toBeGreaterThan(20);
      expect(Math.max(...latencies)).toBeLessThan(HEALTH_BUDGET_MS);
    }, 180_000);

    it(`answers /health within ${HEALTH_BUDGET_MS} ms while a 100,000-row holdings file is uploaded`, async () => {
      const file = await manyFamiliesCsv(2000, 100_000);
      const uploaded = upload(service, file);
      const latencies = await sampleHealth(service.url, uploaded, 50);
      expect(await uploaded).toMatchObject({ rows: 100_000 });
      expect(latencies.length).toBeGreaterThan(10);
      expect(Math.max(...latencies)).toBeLessThan(HEALTH_BUDGET_MS);
    }, 180_000);
  });
});

async function json(service: ServiceProcess, path: string, body: unknown): Promise<unknown> {
  const res = await service.api(path, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function upload(service: ServiceProcess, file: string): Promise<unknown> {
  const form = new FormData();
  form.set('asOfDate', '2026-11-30');
  form.set('file', await openAsBlob(file), 'holdings.csv');
  const res = await service.api(`/api/portfolios/${PORTFOLIO.code}/holdings`, { method: 'POST', body: form });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return res.json();
}
