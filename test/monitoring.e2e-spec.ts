import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxService } from '../src/alerts/outbox.service.js';
import { EvaluationsService } from '../src/evaluations/evaluations.service.js';
import { SchedulerRegistry } from '@nestjs/schedule';
import { EvaluationScheduler } from '../src/evaluations/evaluation.scheduler.js';
import { freshPostgres, freshSqlite, testTargets } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { TestSmtpServer, type ReceivedMail } from '../bench/support/smtp.js';
import { PNG_SIGNATURE } from '../src/charts/chart-png.js';

const HOLDINGS =
  'cusip,issuer_name,par_value,market_value,maturity_date,naic_designation\n68389XCA1,Oracle Corp,200000000,212400000.40,2040-09-26,2.A\n';

/** The inline PNG images of a mail's HTML part: each <img src="cid:..."> and the attachment it names. */
function inlineImages(mail: ReceivedMail) {
  const cids = [...mail.html.matchAll(/<img src="cid:([^"]+)" alt="([^"]*)" width="640"/g)].map((m) => ({ cid: m[1], alt: m[2] }));
  return cids.map(({ cid, alt }) => ({ alt, attachment: mail.attachments.find((a) => a.cid === cid) }));
}

/** A portfolio whose Oracle family is over a 2.3% limit today: one CURRENT and one PROJECTED breach. */
async function loadBreachingPortfolio(app: TestApp): Promise<void> {
  await app
    .as('admin')
    .post('/api/portfolios')
    .send({ code: 'LIFE-GA', name: 'GA', baseCurrency: 'USD', admittedAssets: 9e9, capitalAndSurplus: 9e8, participationRate: 0.003 })
    .expect(201);
  const file = join(tmpdir(), `monitoring-${process.pid}-${Date.now()}.csv`);
  writeFileSync(file, HOLDINGS);
  await app.as('officer').post('/api/portfolios/LIFE-GA/holdings').field('asOfDate', '2026-11-30').attach('file', file).expect(201);
  await app
    .as('admin')
    .post('/api/limits')
    .send({
      name: 'Single family',
      portfolio: null,
      scope: { type: 'EACH_ISSUER_FAMILY' },
      measure: 'MARKET_VALUE',
      basis: 'PCT_ADMITTED_ASSETS',
      limitPct: 2.3,
    })
    .expect(201);
}

describe.each(testTargets())('digests through a real SMTP server on %s', (_name, target) => {
  let app: TestApp;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await TestSmtpServer.create();
    app = await startApp(await target(), { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '600000' });
    await loadBreachingPortfolio(app);
    await app.as('admin').post('/api/recipients').send({ email: 'risk@example.com', portfolios: null, minSeverity: 'WARNING' }).expect(201);
    await app
      .as('admin')
      .post('/api/recipients')
      .send({ email: 'elsewhere@example.com', portfolios: ['OTHER-PF'], minSeverity: 'WARNING' })
      .expect(400);
  });
  afterAll(async () => {
    await app.close();
    await smtp.stop();
  });

  it('delivers one digest per recipient, with both parts and a link to each breach, and nothing for an unchanged run', async () => {
    const run = await app
      .as('officer')
      .post('/api/evaluations')
      .send({ scenarios: ['base'] })
      .expect(201);
    const runId = run.body.id;
    expect(await app.nest.get(OutboxService).deliverDue()).toBe(1);
    const [mail] = await smtp.waitFor(1);
    expect(mail.to).toBe('risk@example.com');
    expect(mail.subject).toBe('[Exposure monitor] 1 new breach - LIFE-GA'); // one problem: today's breach and the base scenario's
    expect(mail.text).toContain('exposure USD 212,400,000.40 vs limit USD 207,000,000.00, 102.61%');
    expect(mail.text).toContain('projected breach 2026-12-31');
    expect(mail.html).toContain('<td rowspan="2"><bdi>Oracle Corp</bdi></td>');
    const breaches = (await app.as('viewer').get('/api/breaches').expect(200)).body.items;
    for (const breach of breaches) expect(mail.text).toContain(`http://localhost:3000/breaches/${breach.id}`);
    // It stands alone: the run, its time and report, and the as-of date of the holdings, in both parts
    const report = `http://localhost:3000/api/evaluations/${runId}/report?format=html`;
    expect(mail.text).toContain(`Evaluation run ${runId} at 2026-11-30 12:00 UTC. Holdings: LIFE-GA as of 2026-11-30.\n`);
    expect(mail.text).toContain(`Report of run ${runId}: ${report}`);
    expect(mail.html).toContain(`Evaluation run ${runId} at 2026-11-30 12:00 UTC. Holdings: LIFE-GA as of 2026-11-30.`);
    expect(mail.html).toContain(`<a href="${report}">Report of run ${runId}</a>`);
    expect(
      (
        await app
          .as('viewer')
          .get(new URL(report).pathname + '?format=html')
          .expect(200)
      ).text,
    ).toContain('Oracle Corp');
    // Its chart is a PNG attached inline, not inline SVG
    expect(mail.html).not.toContain('<svg');
    const [image, ...others] = inlineImages(mail);
    expect(others).toEqual([]);
    expect(image.alt).toBe('Oracle Corp: exposure against the &#34;Single family&#34; limit, in USD');
    expect(image.attachment).toMatchObject({ contentType: 'image/png', contentDisposition: 'inline', filename: 'chart-1.png' });
    const png = image.attachment!.content;
    expect(png.subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 600]); // IHDR: twice the 640 x 300 it shows at
    expect(png.length).toBeGreaterThan(15_000);
    expect(png.length).toBeLessThan(200_000);
    expect(mail.text).not.toContain('still open and not repeated'); // both open breaches are in it
    await app
      .as('officer')
      .post('/api/evaluations')
      .send({ scenarios: ['base'] })
      .expect(201);
    expect(await app.nest.get(OutboxService).deliverDue()).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('exposes breaches, outbox and runs as Prometheus metrics, to key holders only', async () => {
    expect((await app.anonymous().get('/metrics')).status).toBe(401);
    const res = await app.as('viewer').get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('iem_breaches{status="OPEN",severity="BREACH",kind="CURRENT"} 1');
    expect(res.text).toContain('iem_breaches{status="OPEN",severity="BREACH",kind="PROJECTED"} 1');
    expect(res.text).toContain('iem_outbox_messages{status="SENT"} 1');
    expect(res.text).toContain('iem_evaluation_runs{trigger="MANUAL",status="SUCCEEDED"} 2');
    expect(res.text).toMatch(/iem_last_evaluation_finished_seconds \d+/);
    expect(res.text).toContain('iem_process_resident_memory_bytes');
  });
});

describe.each(testTargets())('a warning in a digest on %s', (_name, target) => {
  let app: TestApp;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await TestSmtpServer.create();
    app = await startApp(await target(), { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '600000' });
    await loadBreachingPortfolio(app);
    // Under stress (issuance and participation x1.5, every deal certain) it adds to Oracle from May 2027
    await app
      .as('officer')
      .post('/api/issuance/deals')
      .send({ issuer: 'Oracle Corp', expectedDate: '2027-05-20', amount: 300e6, probability: 0.5 })
      .expect(201);
    await app.as('admin').post('/api/recipients').send({ email: 'risk@example.com', portfolios: null, minSeverity: 'WARNING' }).expect(201);
    await app
      .as('officer')
      .post('/api/evaluations')
      .send({ scenarios: ['base'] })
      .expect(201);
    await app.nest.get(OutboxService).deliverDue();
    await smtp.waitFor(1);
  });
  afterAll(async () => {
    await app.close();
    await smtp.stop();
  });

  it('gives its peak month and utilization, and counts the open breaches it does not repeat', async () => {
    app.clock.set('2026-11-30T13:00:00.000Z');
    await app
      .as('officer')
      .post('/api/evaluations')
      .send({ scenarios: ['base', 'stress'] })
      .expect(201);
    expect(await app.nest.get(OutboxService).deliverDue()).toBe(1);
    const mail = (await smtp.waitFor(2))[1];
    // The stress projection stays under the limit; its highest month is the deal's, told as exact figures
    expect(mail.subject).toBe('[Exposure monitor] 1 warning - LIFE-GA');
    const [warning] = (await app.as('viewer').get('/api/breaches?scenario=stress').expect(200)).body.items;
    expect(warning).toMatchObject({ severity: 'WARNING', projectedBreachDate: null, utilizationPct: 99.44 });
    expect(mail.text).toContain(
      '    stress: WARNING exposure USD 205,831,560.41 vs limit USD 207,000,000.00, 99.44%; no breach projected, ' +
        `peak 2027-05-31 at 99.44% of the limit http://localhost:3000/breaches/${warning.id}\n`,
    );
    expect(mail.html).toContain(
      '<td>USD 205,831,560.41</td><td>USD 207,000,000.00</td><td>99.44%</td><td>none; peak 2027-05-31 at 99.44% of the limit</td><td>n/a</td>',
    );
    expect(mail.text + mail.html).not.toContain('projected breach -');
    // Today's breach and the base scenario's are still open, told an hour ago: counted, not repeated, on the last line
    expect((await app.as('viewer').get('/api/breaches?status=OPEN').expect(200)).body.total).toBe(3);
    const last = '2 more breaches are still open and not repeated here: http://localhost:3000/breaches?status=OPEN';
    expect(mail.text.trimEnd().split('\n').at(-1)).toBe(last);
    expect(mail.html).toMatch(/<p>2 more breaches are still open and not repeated here: <a href="[^"]+">[^<]+<\/a><\/p><\/body><\/html>$/);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([['chart-1.png', 'image/png']]);
  });
});

describe('the scheduler', () => {
  it('registers EVALUATION_CRON and names each tick by its scheduled instant', async () => {
    const app = await startApp(freshSqlite(), { EVALUATION_CRON: '0 6 * * 1-5' });
    try {
      await loadBreachingPortfolio(app);
      expect(app.nest.get(SchedulerRegistry).getCronJob('evaluations').cronTime.source).toBe('0 6 * * 1-5');
      app.clock.set('2026-12-01T06:00:00.250Z'); // the cron fires a moment after the tick
      await app.nest.get(EvaluationScheduler).tick('0 6 * * 1-5');
      const runs = (await app.as('viewer').get('/api/evaluations').expect(200)).body.items;
      expect(runs).toMatchObject([
        { trigger: 'SCHEDULED', scheduledFor: '2026-12-01T06:00:00.000Z', status: 'SUCCEEDED', counts: { breaches: 3, warnings: 1 } },
      ]);
      // current, base and full-pipeline are over; under stress the 30 bp spread shock takes Oracle just under the limit, a warning
    } finally {
      await app.close();
    }
  });
});

describe('two replicas on one PostgreSQL database', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    const target = await freshPostgres();
    first = await startApp(target);
    second = await startApp(target); // its viewer and officer already exist: it uses the shared admin key
    await loadBreachingPortfolio(first);
    await first
      .as('admin')
      .post('/api/recipients')
      .send({ email: 'risk@example.com', portfolios: null, minSeverity: 'WARNING' })
      .expect(201);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('run a scheduled tick once in total, and queue its digest once', async () => {
    const tick = new Date('2026-11-30T06:00:00Z');
    const runs = await Promise.all([first.nest.get(EvaluationsService).runTick(tick), second.nest.get(EvaluationsService).runTick(tick)]);
    expect(runs.filter(Boolean)).toHaveLength(1);
    const listed = (await first.as('viewer').get('/api/evaluations').expect(200)).body;
    expect(listed.items).toMatchObject([{ trigger: 'SCHEDULED', scheduledFor: '2026-11-30T06:00:00.000Z', status: 'SUCCEEDED' }]);
    expect((await second.as('admin').get('/api/alerts').expect(200)).body.total).toBe(1);
  });
});
