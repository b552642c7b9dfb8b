import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxMessageEntity } from '../src/alerts/outbox-message.entity.js';
import { EvaluationRunEntity } from '../src/evaluations/evaluation-run.entity.js';
import { EvaluationScheduler } from '../src/evaluations/evaluation.scheduler.js';
import { EvaluationsService } from '../src/evaluations/evaluations.service.js';
import { testTargets } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';

const HOLDINGS =
  'cusip,issuer_name,issuer_lei,par_value,market_value,maturity_date,coupon_rate,naic_designation,sector\n68389XCA1,Oracle Corp,1Z4GXXU7ZHVWFCD8TV52,200000000,212400000.40,2040-09-26,5.95,2.A,Technology\n';

describe.each(testTargets())('evaluations, breaches and digests on %s', (_name, target) => {
  let app: TestApp;
  let limitId: number;
  const run = async () =>
    (
      await app
        .as('officer')
        .post('/api/evaluations')
        .send({ scenarios: ['base'] })
        .expect(201)
    ).body;
  const emails = async () => app.db.reads.getRepository(OutboxMessageEntity).find({ order: { id: 'ASC' } });
  const breaches = async (query = '') => (await app.as('viewer').get(`/api/breaches?${query}`).expect(200)).body.items;
  const addDeal = () =>
    app
      .as('officer')
      .post('/api/issuance/deals')
      .send({ issuer: 'Oracle Corp', expectedDate: '2027-05-20', amount: 18e9, probability: 0.7 })
      .expect(201);

  beforeAll(async () => {
    app = await startApp(await target());
    await app
      .as('admin')
      .post('/api/portfolios')
      .send({ code: 'LIFE-GA', name: 'GA', baseCurrency: 'USD', admittedAssets: 9e9, capitalAndSurplus: 9e8, participationRate: 0.003 })
      .expect(201);
    const file = join(tmpdir(), `eval-${process.pid}-${Date.now()}.csv`);
    writeFileSync(file, HOLDINGS);
    await app.as('officer').post('/api/portfolios/LIFE-GA/holdings').field('asOfDate', '2026-11-30').attach('file', file).expect(201);
    limitId = (
      await app
        .as('admin')
        .post('/api/limits')
        .send({
          name: 'Single family 2.5%',
          portfolio: null,
          scope: { type: 'EACH_ISSUER_FAMILY' },
          measure: 'MARKET_VALUE',
          basis: 'PCT_ADMITTED_ASSETS',
          limitPct: 2.5,
        })
        .expect(201)
    ).body.id;
    await app.as('admin').post('/api/recipients').send({ email: 'risk@example.com', portfolios: null, minSeverity: 'WARNING' }).expect(201);
    await app
      .as('admin')
      .post('/api/recipients')
      .send({ email: 'cro@example.com', portfolios: ['LIFE-GA'], minSeverity: 'BREACH', repeatIntervalHours: 48 })
      .expect(201);
    await app
      .as('admin')
      .post('/api/recipients')
      .send({ email: 'other@example.com', portfolios: ['LIFE-GA'], minSeverity: 'BREACH' })
      .expect(201);
    await app.as('admin').delete('/api/recipients/3').expect(204);
    await addDeal();
  });
  afterAll(() => app.close());

  it('a first run opens a current warning and a projected breach, and sends one digest per recipient', async () => {
    const result = await run();
    expect(result).toMatchObject({
      trigger: 'MANUAL',
      scheduledFor: null,
      status: 'SUCCEEDED',
      counts: { portfolios: 1, opened: 2, breaches: 1, warnings: 1, emails: 2 },
    });
    const [projected, current] = await breaches();
    expect(current).toMatchObject({
      kind: 'CURRENT',
      scenario: null,
      severity: 'WARNING',
      exposure: 212400000.4,
      limitAmount: 225000000,
      utilizationPct: 94.4,
      status: 'OPEN',
    });
    expect(projected).toMatchObject({
      kind: 'PROJECTED',
      scenario: 'base',
      severity: 'BREACH',
      projectedBreachDate: '2027-05-31',
      breachProbability: 0.7,
      exposure: 250200000.4,
      limitAmount: 225000000,
      currentExposure: 212400000.4,
      status: 'OPEN',
    });
    const [toRisk, toCro] = await emails();
    // One problem (Oracle against the 2.5% limit): today's warning and the base scenario's breach are one entry.
    expect(toRisk).toMatchObject({
      to: 'risk@example.com',
      subject: '[Exposure monitor] 1 new breach - LIFE-GA',
      status: 'PENDING',
      runId: result.id,
    });
    expect(toRisk.textBody).toContain('Oracle Corp');
    expect(toRisk.textBody).toContain('USD 250,200,000.40');
    expect(toRisk.textBody).toContain(`http://localhost:3000/breaches/${projected.id}`);
    expect(toRisk.htmlBody).toContain(`<a href="http://localhost:3000/breaches/${projected.id}">open</a>`);
    // The chart: an inline PNG named by its title, its SVG kept in the outbox row and rendered when it is sent
    const cid = `chart-1.run-${result.id}@localhost`;
    expect(toRisk.htmlBody).toContain(
      `<img src="cid:${cid}" alt="Oracle Corp: exposure against the &#34;Single family 2.5%&#34; limit, in USD"`,
    );
    expect(toRisk.htmlBody).not.toContain('<svg');
    expect(toRisk.inlineImages).toEqual([
      { cid, svg: expect.stringContaining('<svg xmlns="http://www.w3.org/2000/svg" class="exposure-chart"') },
    ]);
    expect(toRisk.htmlBody).toContain('<table');
    expect(toCro).toMatchObject({ to: 'cro@example.com', subject: '[Exposure monitor] 1 new breach - LIFE-GA' });
    expect(toCro.textBody).not.toContain('WARNING');
  });

  it('a run that finds nothing new sends nothing', async () => {
    expect((await run()).counts).toMatchObject({ opened: 0, resolved: 0, emails: 0 });
    expect(await emails()).toHaveLength(2);
  });

  it("lists an open, unacknowledged breach again after each recipient's repeat interval, not an acknowledged one", async () => {
    const [projected, current] = await breaches();
    await app.as('officer').post(`/api/breaches/${current.id}/acknowledge`).send({ comment: 'Known, PM informed' }).expect(200);
    app.clock.advanceHours(25);
    expect((await run()).counts.emails).toBe(1);
    const [, , toRisk] = await emails();
    expect(toRisk).toMatchObject({ to: 'risk@example.com', subject: '[Exposure monitor] 1 still open - LIFE-GA' });
    expect(toRisk.textBody).toContain(`/breaches/${projected.id}`);
    expect(toRisk.textBody).not.toContain(`/breaches/${current.id}`);
    app.clock.advanceHours(25); // 50 h since the first digest (cro: 48 h), 25 h since risk's reminder (24 h)
    await run();
    expect((await emails()).slice(3).map((e) => [e.to, e.subject])).toEqual([
      ['risk@example.com', '[Exposure monitor] 1 still open - LIFE-GA'],
      ['cro@example.com', '[Exposure monitor] 1 still open - LIFE-GA'],
    ]);
  });

  it('escalates a warning to a breach when the limit tightens', async () => {
    await app.as('admin').patch(`/api/limits/${limitId}`).send({ limitPct: 2.3 }).expect(200);
    await run();
    const [escalated] = await breaches('kind=CURRENT');
    expect(escalated).toMatchObject({ severity: 'BREACH', limitAmount: 207000000, status: 'ACKNOWLEDGED' });
    const [toRisk, toCro] = (await emails()).slice(-2);
    // The projected breach moved from 2027-05-31 to 2026-12-31: under 2.3% it is over from the first month.
    expect(toRisk.subject).toBe('[Exposure monitor] 1 escalation - LIFE-GA');
    expect(toCro.subject).toBe('[Exposure monitor] 1 escalation - LIFE-GA');
    expect(toRisk.htmlBody).toContain('<td>projected breach date moved earlier</td>');
    const detail = await app.as('viewer').get(`/api/breaches/${escalated.id}`).expect(200);
    expect(detail.body.history.map((e: { type: string }) => e.type)).toEqual(['OPENED', 'ACKNOWLEDGED', 'ESCALATED']);
  });

  it('resolves a breach whose condition is gone, and opens a new one when it comes back', async () => {
    const [projected] = await breaches('kind=PROJECTED');
    await app.as('admin').patch(`/api/limits/${limitId}`).send({ limitPct: 2.5, warnAtPct: 95 }).expect(200);
    const deals = (await app.as('viewer').get('/api/issuance/deals').expect(200)).body.items;
    await app.as('officer').delete(`/api/issuance/deals/${deals[0].id}`).expect(204);
    expect((await run()).counts.resolved).toBe(2);
    expect((await app.as('viewer').get(`/api/breaches/${projected.id}`).expect(200)).body.status).toBe('RESOLVED');
    expect((await emails()).at(-1)!.subject).toBe('[Exposure monitor] 1 resolved - LIFE-GA');
    expect((await emails()).at(-1)!.textBody).toContain('base: resolved: Exposure back within the limit');
    await addDeal();
    await run();
    const open = await breaches('status=OPEN');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'PROJECTED', severity: 'BREACH' });
    expect(open[0].id).not.toBe(projected.id);
  });

  it('keeps a waived breach silent until its waiver ends, then opens it again', async () => {
    await app.as('admin').patch(`/api/limits/${limitId}`).send({ limitPct: 2.2 }).expect(200);
    await run();
    const [current] = await breaches('kind=CURRENT&status=OPEN');
    await app
      .as('officer')
      .post(`/api/breaches/${current.id}/waive`)
      .send({ until: '2026-12-10', reason: 'Board approved a temporary excess' })
      .expect(200);
    await app.as('admin').post(`/api/breaches/${current.id}/waiver/approve`).expect(200);
    const before = (await emails()).length;
    app.clock.advanceHours(49);
    await run();
    expect((await emails()).slice(before).some((e) => e.textBody.includes(`/breaches/${current.id}`))).toBe(false);
    app.clock.set('2026-12-11T12:00:00Z');
    await run();
    const reopened = (await app.as('viewer').get(`/api/breaches/${current.id}`).expect(200)).body;
    expect(reopened).toMatchObject({ status: 'OPEN', waivedUntil: null });
    expect(reopened.history.map((e: { type: string }) => e.type)).toEqual(['OPENED', 'WAIVER_REQUESTED', 'WAIVED', 'WAIVER_ENDED']);
    const told = (await emails()).filter((e) => e.subject.includes('waiver ended'));
    expect(told.map((e) => e.to)).toEqual(['risk@example.com', 'cro@example.com']);
  });

  it('refuses bad breach actions with the right status', async () => {
    const [current] = await breaches('kind=CURRENT');
    expect((await app.as('viewer').post(`/api/breaches/${current.id}/acknowledge`).send({ comment: 'x' })).status).toBe(403);
    expect(
      (await app.as('officer').post(`/api/breaches/${current.id}/waive`).send({ until: '2026-01-01', reason: 'x' })).body.details,
    ).toEqual([{ field: 'until', message: expect.any(String) }]);
    expect((await app.as('officer').post('/api/breaches/99999/comments').send({ text: 'x' })).status).toBe(404);
    await app.as('officer').post(`/api/breaches/${current.id}/comments`).send({ text: 'Reviewed with the CIO' }).expect(201);
  });

  it('runs a scheduled tick once, however many replicas ask, and catches up one missed tick', async () => {
    const evaluations = app.nest.get(EvaluationsService);
    const tick = new Date('2026-12-14T06:00:00Z');
    const [first, second] = await Promise.all([evaluations.runTick(tick), evaluations.runTick(tick)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    app.clock.set('2026-12-18T09:00:00Z'); // missed 15, 16, 17 and 18 Dec at 06:00
    await app.nest.get(EvaluationScheduler).catchUp('0 6 * * 1-5');
    const runs = (await app.as('viewer').get('/api/evaluations').expect(200)).body.items;
    expect(
      runs
        .filter((r: { trigger: string }) => r.trigger !== 'MANUAL')
        .map((r: { trigger: string; scheduledFor: string }) => [r.trigger, r.scheduledFor]),
    ).toEqual([
      ['CATCH_UP', '2026-12-18T06:00:00.000Z'],
      ['SCHEDULED', '2026-12-14T06:00:00.000Z'],
    ]);
    await app.nest.get(EvaluationScheduler).catchUp('0 6 * * 1-5');
    expect((await app.as('viewer').get('/api/evaluations').expect(200)).body.total).toBe(runs.length);
  });

  it('fails a tick left RUNNING by a process on another host once its lease ends, and runs the tick again once', async () => {
    await app.db.transaction((tx) =>
      tx.getRepository(EvaluationRunEntity).insert({
        trigger: 'SCHEDULED',
        scheduledFor: '2026-12-21T06:00:00.000Z',
        attempt: 1,
        owner: 'other-host:4242:1796000000000:0badcafe',
        leaseUntil: '2026-12-21T06:01:00.000Z',
        startedAt: '2026-12-21T06:00:01.000Z',
        finishedAt: null,
        status: 'RUNNING',
        inputs: null,
        counts: null,
        error: null,
      }),
    );
    const scheduler = app.nest.get(EvaluationScheduler);
    const tick = async () =>
      app.db.reads
        .getRepository(EvaluationRunEntity)
        .find({ where: { scheduledFor: '2026-12-21T06:00:00.000Z' }, order: { attempt: 'ASC' } });
    app.clock.set('2026-12-21T06:00:50Z'); // still within its lease
    await scheduler.recover();
    expect(await tick()).toMatchObject([{ status: 'RUNNING', trigger: 'SCHEDULED' }]);
    app.clock.set('2026-12-21T06:01:30Z');
    await scheduler.recover();
    expect(await tick()).toMatchObject([
      {
        attempt: 1,
        status: 'FAILED',
        finishedAt: '2026-12-21T06:01:30.000Z',
        error:
          'Interrupted: the process running it (other-host:4242:1796000000000:0badcafe) stopped before it finished, so nothing it found was recorded',
      },
      { attempt: 2, status: 'SUCCEEDED', trigger: 'CATCH_UP', startedAt: '2026-12-21T06:01:30.000Z', leaseUntil: null },
    ]);
    await scheduler.recover();
    await scheduler.catchUp('0 6 * * 1-5');
    expect(await tick()).toHaveLength(2);
  });

  it('reports a past run as JSON, CSV and HTML', async () => {
    const json = await app.as('viewer').get('/api/evaluations/1/report').expect(200);
    expect(json.body.run).toMatchObject({ id: 1, status: 'SUCCEEDED' });
    expect(json.body.items[0]).toMatchObject({
      portfolio: 'LIFE-GA',
      scenario: 'base',
      scope: 'Oracle Corp',
      exposure: 212400000.4,
      projectedBreachDate: '2027-05-31',
      breachProbability: 0.7,
    });
    const csv = await app.as('viewer').get('/api/evaluations/1/report?format=csv').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('breach-report-1.csv');
    expect(csv.text.split('\r\n')[1]).toContain('LIFE-GA,base,');
    const html = await app.as('viewer').get('/api/evaluations/1/report?format=html').expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('<svg ');
    expect((await app.as('viewer').get('/api/evaluations/1/report?format=pdf')).body.details).toEqual([
      { field: 'format', message: expect.any(String) },
    ]);
    expect((await app.as('viewer').get('/api/evaluations/999/report')).status).toBe(404);
  });

  it('shows a past run again with its inputs and results', async () => {
    const res = await app.as('viewer').get('/api/evaluations/1').expect(200);
    expect(res.body.inputs).toMatchObject({
      horizonMonths: 24,
      scenarios: [{ name: 'base' }],
      portfolios: [{ portfolio: 'LIFE-GA', snapshotId: 1, limitVersions: [{ id: limitId, version: 1 }] }],
    });
    expect(res.body.results.items[0]).toMatchObject({
      portfolio: 'LIFE-GA',
      scenario: 'base',
      exposure: 212400000.4,
      projectedBreachDate: '2027-05-31',
    });
    expect(res.body.results.total).toBe(1);
    expect((await app.as('viewer').get('/api/evaluations/1?offset=1').expect(200)).body.results).toEqual({ items: [], total: 1 });
  });
});
