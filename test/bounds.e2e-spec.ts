import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testTargets } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { naicPortfolio, NAIC_PORTFOLIO } from './support/naic-portfolio.js';

const TOO_LARGE = 'must be at most 10,000,000,000,000 (ten trillion)';
const TEN_TRILLION = 10_000_000_000_000;

function csvFile(name: string, lines: string[]): string {
  const path = join(tmpdir(), `iem-bounds-${process.pid}-${name}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Issue 17, cases 2 and 3: amounts, dates and pipelines within bounds, and a portfolio past exact sums failing alone. */
describe.each(testTargets())('bounds on %s', (_name, target) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp(await target());
    await naicPortfolio(app);
  });
  afterAll(() => app.close());

  const officer = () => app.as('officer');

  it('refuses an amount past ten trillion by its field, in JSON and in files, and stores nothing', async () => {
    const res = await officer()
      .post('/api/issuance/deals')
      .send({ issuer: 'Oracle Corp', expectedDate: '2027-03-31', amount: 90_071_992_547_409.91 })
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'amount', message: `amount ${TOO_LARGE}` }]);
    const whatIf = await officer()
      .post(`/api/portfolios/${NAIC_PORTFOLIO}/what-if`)
      .send({ trades: [{ issuer: 'Oracle Corp', marketValue: TEN_TRILLION + 0.01, maturityDate: '2035-01-31', side: 'BUY' }] })
      .expect(400);
    expect(whatIf.body.details).toEqual([expect.objectContaining({ field: 'trades.0.marketValue', message: `marketValue ${TOO_LARGE}` })]);
    const holdings = csvFile('holdings.csv', [
      'cusip,issuer_name,par_value,market_value,maturity_date',
      '68389XCA1,Oracle Corp,10000000000000.01,1000.00,2040-09-26',
      '68389XBV6,Oracle Corp,1000,1000.00,2240-01-31',
    ]);
    const upload = await officer()
      .post(`/api/portfolios/${NAIC_PORTFOLIO}/holdings`)
      .field('asOfDate', '2026-12-31')
      .attach('file', holdings)
      .expect(422);
    expect(upload.body.details).toEqual([
      expect.objectContaining({ row: 2, column: 'par_value', message: `"10000000000000.01" ${TOO_LARGE}` }),
      expect.objectContaining({ row: 3, column: 'maturity_date', message: '"2240-01-31" must be from 1900-01-01 to 2199-12-31' }),
    ]);
    const deals = csvFile('deals.csv', ['issuer_name,expected_date,amount_usd', 'Oracle Corp,2027-03-31,10000000000000.01']);
    const pipeline = await officer().post('/api/issuance/deals/upload').attach('file', deals).expect(422);
    expect(pipeline.body.details).toEqual([{ row: 2, column: 'amount_usd', message: `"10000000000000.01" ${TOO_LARGE}` }]);
    expect((await app.as('viewer').get('/api/issuance/deals').expect(200)).body.total).toBe(0);
  });

  it('answers the forecast of 0001-01-31..9999-12-31 at once by its dates, and one of 121 months by `to`', async () => {
    const started = performance.now();
    const centuries = await officer()
      .post('/api/issuance/forecasts')
      .send({ issuer: 'Oracle Corp', from: '0001-01-31', to: '9999-12-31', annualAmount: 12_000_000_000 })
      .expect(400);
    expect(performance.now() - started).toBeLessThan(1_000); // 5.3 s and 26 MB before
    expect(centuries.body.details).toEqual([
      { field: 'from', message: 'from must be from 1900-01-01 to 2199-12-31' },
      { field: 'to', message: 'to must be from 1900-01-01 to 2199-12-31' },
    ]);
    const long = await officer()
      .post('/api/issuance/forecasts')
      .send({ issuer: 'Oracle Corp', from: '2027-01-31', to: '2037-01-31', annualAmount: 12_000_000_000 })
      .expect(400);
    expect(long.body.details).toEqual([
      { field: 'to', message: 'to must be at most 120 months from from (2027-01-31 to 2037-01-31 spans 121)' },
    ]);
    const file = csvFile('span.csv', [
      'issuer_name,expected_date,amount_usd',
      'Oracle Corp,2027-01-31,1000000',
      'Oracle Corp,2037-01-31,1000000',
    ]);
    const span = await officer().post('/api/issuance/deals/upload').attach('file', file).expect(422);
    expect(span.body.details).toEqual([
      {
        row: 3,
        column: 'expected_date',
        message: '"2037-01-31" is 121 months from the earliest deal (2027-01-31, row 2); a pipeline spans at most 120 months',
      },
    ]);
    expect((await app.as('viewer').get('/api/issuance/deals').expect(200)).body.total).toBe(0);
  });

  it('leaves out a portfolio whose figures pass exact sums, tells the admins, and evaluates the others', async () => {
    await app
      .as('admin')
      .post('/api/portfolios')
      .send({
        code: 'HUGE',
        name: 'Figures past $90 trillion',
        baseCurrency: 'USD',
        admittedAssets: TEN_TRILLION,
        capitalAndSurplus: 1_000_000,
        participationRate: 1,
      })
      .expect(201);
    await officer()
      .post('/api/portfolios/HUGE/holdings')
      .field('asOfDate', '2026-11-30')
      .attach(
        'file',
        csvFile('huge.csv', ['cusip,issuer_name,par_value,market_value,maturity_date', '68389XCA1,Oracle Corp,1000,1000.00,2040-09-26']),
      )
      .expect(201);
    await app
      .as('admin')
      .post('/api/limits')
      .send({
        name: 'Oracle at $5M',
        portfolio: null,
        scope: { type: 'EACH_ISSUER_FAMILY' },
        measure: 'PAR',
        basis: 'ABSOLUTE',
        limitAmount: 5_000_000,
      })
      .expect(201);
    // Ten deals of ten trillion: $100 trillion allocated to HUGE (participation 1), $1 trillion to NAIC (0.01)
    const deals = [];
    for (let month = 1; month <= 10; month++) {
      const expectedDate = `2027-${String(month).padStart(2, '0')}-15`;
      const res = await officer()
        .post('/api/issuance/deals')
        .send({ issuer: 'Oracle Corp', expectedDate, amount: TEN_TRILLION })
        .expect(201);
      deals.push(res.body.id);
    }
    const run = (
      await officer()
        .post('/api/evaluations')
        .send({ scenarios: ['base'] })
        .expect(201)
    ).body;
    expect(run.status).toBe('SUCCEEDED');
    expect(run.counts).toMatchObject({ portfolios: 1, portfoliosFailed: 1 });
    expect(run.counts.failures).toEqual([
      { portfolio: 'HUGE', message: expect.stringContaining('add up to more than $90,071,992,547,409.91'), errorId: expect.any(String) },
    ]);
    expect(run.inputs.portfolios.map((p: { portfolio: string }) => p.portfolio)).toEqual([NAIC_PORTFOLIO]);
    // NAIC was evaluated: Oracle's $3,000,000 par and $1 trillion of deals breach the $5M limit
    const breaches = (await app.as('viewer').get('/api/breaches').expect(200)).body.items;
    expect(breaches.length).toBeGreaterThan(0);
    expect(breaches.every((b: { portfolio: string }) => b.portfolio === NAIC_PORTFOLIO)).toBe(true);
    const alerts = (await app.as('admin').get('/api/alerts').expect(200)).body.items;
    expect(alerts).toContainEqual(
      expect.objectContaining({ to: 'admin@localhost', subject: `[Exposure monitor] Run ${run.id} could not evaluate HUGE` }),
    );
    // Never a 500: the same sentence on the routes that compute
    const refused = expect.objectContaining({
      statusCode: 422,
      message: expect.stringContaining('past which sums of cents are not exact'),
    });
    expect((await app.as('viewer').get('/api/portfolios/HUGE/exposures').expect(422)).body).toEqual(refused);
    expect((await app.as('viewer').get(`/api/issuance/deals/${deals[0]}/capacity?portfolio=HUGE`)).body).toEqual(refused);
    const whatIf = await officer()
      .post('/api/portfolios/HUGE/what-if')
      .send({ trades: [{ issuer: 'Oracle Corp', marketValue: 1000, maturityDate: '2035-01-31', side: 'BUY' }] })
      .expect(422);
    expect(whatIf.body).toEqual(refused);
    // Every portfolio past the bound: the run fails, saying why each was left out
    await app.as('admin').patch(`/api/portfolios/${NAIC_PORTFOLIO}`).send({ participationRate: 1 }).expect(200);
    const failed = (
      await officer()
        .post('/api/evaluations')
        .send({ scenarios: ['base'] })
        .expect(201)
    ).body;
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/^No portfolio could be evaluated, so nothing was recorded: HUGE: The figures .*; NAIC: The figures /);
    for (const id of deals) await officer().delete(`/api/issuance/deals/${id}`).expect(204);
  });

  it('keeps an issuer to 10,000 deals: a forecast past that is a 409 naming it, and nothing is stored', async () => {
    const rows = Array.from({ length: 9_990 }, (_, i) => `Bounded Issuer Inc,${2027 + Math.floor(i / 1000)}-06-30,1000000`);
    await officer()
      .post('/api/issuance/deals/upload')
      .attach('file', csvFile('many.csv', ['issuer_name,expected_date,amount_usd', ...rows]))
      .expect(201);
    const res = await officer()
      .post('/api/issuance/forecasts')
      .send({ issuer: 'Bounded Issuer Inc', from: '2027-01-31', to: '2027-12-31', annualAmount: 12_000_000 })
      .expect(409);
    expect(res.body.message).toBe(
      'Bounded Issuer Inc would have 10,002 deals, more than the 10,000 an issuer may have: delete deals or forecasts of it first',
    );
    const ten = await officer()
      .post('/api/issuance/forecasts')
      .send({ issuer: 'Bounded Issuer Inc', from: '2027-01-31', to: '2027-10-31', annualAmount: 12_000_000 })
      .expect(201);
    expect(ten.body.deals).toHaveLength(10);
    await officer().post('/api/issuance/deals').send({ issuer: 'Bounded Issuer Inc', expectedDate: '2027-03-31', amount: 1 }).expect(409);
  });
});
