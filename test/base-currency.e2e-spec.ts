import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestSmtpServer } from '../bench/support/smtp.js';
import { OutboxService } from '../src/alerts/outbox.service.js';
import { startApp, type TestApp } from './support/app.js';
import { testTargets } from './support/databases.js';
import { figureRow, sectionsOf } from './support/report-reading.js';

/** The EUR book's rows are in EUR: they need no rate, and are taken as they are. */
const ROW_CURRENCY = 'EUR';

/** A EUR book: 2.5% of EUR 1,000,000,000.00 admitted assets is EUR 25,000,000.00 a family; Meta over it, Oracle at 92%. */
const EUR_BOOK = {
  code: 'EUR-GA',
  name: 'Euro general account',
  baseCurrency: 'EUR',
  admittedAssets: 1e9,
  capitalAndSurplus: 1e8,
  participationRate: 0.004,
};
const HOLDINGS = [
  'cusip,issuer_name,par_value,market_value,currency,maturity_date,naic_designation,sector',
  `30303MAA0,Meta Platforms Inc,45000000,45000000,${ROW_CURRENCY},2035-11-15,1.D,Technology`,
  `68389XCA1,Oracle Corp,23000000,23000000,${ROW_CURRENCY},2030-09-20,2.A,Technology`,
].join('\n');

const eurAmount = /\bEUR -?\d{1,3}(,\d{3})*\.\d\d\b/;

describe.each(testTargets())("a portfolio's base currency on %s", (_name, target) => {
  let app: TestApp;
  let smtp: TestSmtpServer;

  const upload = (code: string, asOfDate = '2026-11-30') => {
    const file = join(tmpdir(), `base-currency-${process.pid}-${code}-${asOfDate}.csv`);
    writeFileSync(file, HOLDINGS);
    return app.as('officer').post(`/api/portfolios/${code}/holdings`).field('asOfDate', asOfDate).attach('file', file);
  };
  const create = (body: object) =>
    app
      .as('admin')
      .post('/api/portfolios')
      .send({ ...EUR_BOOK, ...body });

  beforeAll(async () => {
    smtp = await TestSmtpServer.create();
    app = await startApp(await target(), { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '600000' });
  });
  afterAll(async () => {
    await app.close();
    await smtp.stop();
  });

  it('takes any ISO 4217 code: a EUR book and a JPY book', async () => {
    expect((await create({}).expect(201)).body).toMatchObject({ code: 'EUR-GA', baseCurrency: 'EUR', admittedAssets: 1e9 });
    expect((await create({ code: 'JPY-GA', baseCurrency: 'JPY', admittedAssets: 150e9 }).expect(201)).body.baseCurrency).toBe('JPY');
    expect((await app.as('viewer').get('/api/portfolios/JPY-GA').expect(200)).body).toMatchObject({
      baseCurrency: 'JPY',
      admittedAssets: 150e9,
    });
  });

  it.each([
    ['EURO', 'baseCurrency must be an ISO 4217 currency code of three capital letters, such as USD, EUR or GBP ("EURO" is not one)'],
    ['XXX', 'baseCurrency must be an ISO 4217 currency code of three capital letters, such as USD, EUR or GBP ("XXX" is not one)'],
    ['ABC', 'baseCurrency must be an ISO 4217 currency code of three capital letters, such as USD, EUR or GBP ("ABC" is not one)'],
    ['eur', 'baseCurrency must be written in capitals: EUR, not eur'],
    [978, 'baseCurrency must be an ISO 4217 currency code of three capital letters, such as USD, EUR or GBP'],
  ])('refuses %j naming baseCurrency, on create and on change, and stores nothing', async (baseCurrency, message) => {
    const created = await create({ code: 'BAD', baseCurrency }).expect(400);
    expect(created.body).toMatchObject({ message: 'Invalid request: baseCurrency', details: [{ field: 'baseCurrency', message }] });
    expect((await app.as('viewer').get('/api/portfolios/BAD')).status).toBe(404);
    const changed = await app.as('admin').patch('/api/portfolios/JPY-GA').send({ baseCurrency }).expect(400);
    expect(changed.body.details).toEqual([{ field: 'baseCurrency', message }]);
  });

  it('changes the base currency of a portfolio without holdings, audited; refuses it with 409 once it has a snapshot', async () => {
    const changed = await app.as('admin').patch('/api/portfolios/JPY-GA').send({ baseCurrency: 'CHF', admittedAssets: 1e9 }).expect(200);
    expect(changed.body).toMatchObject({ baseCurrency: 'CHF', admittedAssets: 1e9 });
    const [entry] = (await app.as('admin').get('/api/audit?entity=portfolio').expect(200)).body.items;
    expect(entry).toMatchObject({
      action: 'portfolio.update',
      entityId: 'JPY-GA',
      before: { baseCurrency: 'JPY' },
      after: { baseCurrency: 'CHF' },
    });

    await upload('EUR-GA').expect(201);
    const refused = await app.as('admin').patch('/api/portfolios/EUR-GA').send({ baseCurrency: 'USD', name: 'Renamed' }).expect(409);
    expect(refused.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message:
        'Portfolio EUR-GA keeps its base currency EUR: its holdings snapshots (the current one as of 2026-11-30) were converted to EUR ' +
        'when they were uploaded, and its ABSOLUTE limits, admitted assets and capital and surplus are amounts in EUR. To keep these ' +
        'books in USD, create a new portfolio with baseCurrency USD, its admitted assets and limits in USD, and upload its holdings there',
    });
    expect((await app.as('viewer').get('/api/portfolios/EUR-GA').expect(200)).body).toMatchObject({
      baseCurrency: 'EUR',
      name: EUR_BOOK.name,
    });
    const audit = (await app.as('admin').get('/api/audit?entity=portfolio').expect(200)).body.items;
    expect(audit[0]).toMatchObject({ entityId: 'JPY-GA' }); // the refused change wrote nothing
    // The same currency again is no change, and the rest of the request goes through
    await app.as('admin').patch('/api/portfolios/EUR-GA').send({ baseCurrency: 'EUR', capitalAndSurplus: 1.5e8 }).expect(200);
  });

  describe('a EUR book evaluated, reported and alerted', () => {
    let runId: number;

    beforeAll(async () => {
      await app
        .as('admin')
        .post('/api/recipients')
        .send({ email: 'eur-desk@example.com', portfolios: ['EUR-GA'], minSeverity: 'WARNING' })
        .expect(201);
      const limit = {
        name: 'Single issuer family 2.5%',
        portfolio: 'EUR-GA',
        scope: { type: 'EACH_ISSUER_FAMILY' },
        measure: 'MARKET_VALUE',
        basis: 'PCT_ADMITTED_ASSETS',
        limitPct: 2.5,
      };
      await app.as('admin').post('/api/limits').send(limit).expect(201);
      await app
        .as('officer')
        .post('/api/issuance/deals')
        .send({ issuer: 'Oracle Corp', expectedDate: '2027-03-15', amount: 2e9, currency: 'EUR', probability: 0.5 })
        .expect(201);
      runId = (
        await app
          .as('officer')
          .post('/api/evaluations')
          .send({ portfolios: ['EUR-GA'], scenarios: ['base'] })
          .expect(201)
      ).body.id;
    });

    it('gives the currency in every answer that carries amounts', async () => {
      const exposures = (await app.as('viewer').get('/api/portfolios/EUR-GA/exposures').expect(200)).body;
      expect(exposures).toMatchObject({ portfolio: 'EUR-GA', currency: 'EUR' });
      expect(exposures.items.find((i: { scope: string }) => i.scope === 'Oracle Corp')).toMatchObject({
        exposure: 23e6,
        limit: 25e6,
        basisAmount: 1e9,
      });
      const deal = (await app.as('viewer').get('/api/issuance/deals').expect(200)).body.items[0];
      const capacity = (await app.as('viewer').get(`/api/issuance/deals/${deal.id}/capacity?portfolio=EUR-GA`).expect(200)).body;
      expect(capacity).toMatchObject({ portfolio: 'EUR-GA', currency: 'EUR', maxAllocation: 2e6 });
      expect(capacity.reason).toContain('EUR 23,000,000.00 against EUR 25,000,000.00 leaves EUR 2,000,000.00 for this deal');
      const whatIf = await app
        .as('officer')
        .post('/api/portfolios/EUR-GA/what-if')
        .send({ trades: [{ issuer: 'Oracle Corp', side: 'BUY', marketValue: 1e6 }] })
        .expect(200);
      expect(whatIf.body).toMatchObject({
        portfolio: 'EUR-GA',
        currency: 'EUR',
        checks: [{ before: { exposure: 23e6 }, after: { exposure: 24e6 } }],
      });
      const breaches = (await app.as('viewer').get('/api/breaches?portfolio=EUR-GA').expect(200)).body.items;
      expect(breaches.length).toBeGreaterThan(0);
      for (const b of breaches) expect(b).toMatchObject({ portfolio: 'EUR-GA', currency: 'EUR' });
      const groups = (await app.as('viewer').get('/api/breaches?portfolio=EUR-GA&groupBy=group').expect(200)).body.items;
      for (const group of groups) {
        expect(group.currency).toBe('EUR');
        for (const member of group.members) expect(member.currency).toBe('EUR');
      }
      const meta = breaches.find(
        (b: { scope: { label: string }; kind: string }) => b.scope.label === 'Meta Platforms Inc' && b.kind === 'CURRENT',
      );
      expect((await app.as('viewer').get(`/api/breaches/${meta.id}`).expect(200)).body).toMatchObject({
        currency: 'EUR',
        exposure: 45e6,
        limitAmount: 25e6,
      });
      const run = (await app.as('viewer').get(`/api/evaluations/${runId}`).expect(200)).body;
      expect(run.results.items.length).toBeGreaterThan(0);
      for (const r of run.results.items) expect(r).toMatchObject({ portfolio: 'EUR-GA', currency: 'EUR' });
    });

    it('reports in EUR: JSON, CSV and HTML, and its chart reads EUR M', async () => {
      const report = (format: string) => app.as('viewer').get(`/api/evaluations/${runId}/report?format=${format}`).expect(200);
      const json = (await report('json')).body;
      expect(json.portfolios).toEqual([expect.objectContaining({ code: 'EUR-GA', currency: 'EUR' })]);
      for (const item of json.items) expect(item).toMatchObject({ portfolio: 'EUR-GA', currency: 'EUR' });
      const [header, ...lines] = (await report('csv')).text.trimEnd().split('\r\n');
      expect(header.split(',').at(-1)).toBe('currency');
      for (const line of lines) expect(line.split(',').at(-1)).toBe('EUR');
      const html = (await report('html')).text;
      const meta = sectionsOf(html).find((s) => s.includes('Meta Platforms Inc'))!;
      expect(figureRow(meta, 'Exposure').slice(0, 2)).toEqual(['Exposure', 'EUR 45,000,000.00']);
      expect(figureRow(meta, 'Headroom').slice(0, 2)).toEqual(['Headroom', '-EUR 20,000,000.00']);
      expect(meta).toContain('<text class="y-unit" x="58" y="14" text-anchor="end">EUR M</text>');
      expect(meta).toContain('limit, in EUR</title>');
      expect(html).toMatch(eurAmount);
      expect(html).not.toMatch(/USD|\$\d/);
    });

    it('emails the digest in EUR, in the text, the HTML and the chart alt text', async () => {
      expect(await app.nest.get(OutboxService).deliverDue()).toBe(1);
      const [mail] = await smtp.waitFor(1);
      expect(mail.to).toBe('eur-desk@example.com');
      expect(mail.text).toContain('today: BREACH exposure EUR 45,000,000.00 vs limit EUR 25,000,000.00, 180.00%');
      expect(mail.text).toContain('today: WARNING exposure EUR 23,000,000.00 vs limit EUR 25,000,000.00, 92.00%');
      expect(mail.html).toContain('<td>EUR 45,000,000.00</td><td>EUR 25,000,000.00</td><td>180.00%</td>');
      expect(mail.html).toMatch(
        /<img src="cid:[^"]+" alt="Meta Platforms Inc: exposure against the &#34;Single issuer family 2\.5%&#34; limit, in EUR"/,
      );
      expect(`${mail.text}${mail.html}`).not.toMatch(/USD|\$\d/);
    });
  });
});
