import { testTargets } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { createPortfolio, holdingsFile, uploadEcbRates, uploadHoldings } from './support/currencies.js';

/**
 * Deals, FX shocks, the pre-trade check and a breach's lots across currencies (rates of
 * test/support/currencies.ts). US-GA (USD, taking 0.1% of each deal) as of Saturday 2025-11-29, at
 * Friday 2025-11-28's EUR -> USD 1.1581:
 *   Alphabet Inc: a EUR bond of market value 987,654.33 x 1.1581 = 1,143,802.48 (1,143,802.479573),
 *     less EUR protection of 500,000.00 x 1.1581 = 579,050.00: 564,752.48 net;
 *   Oracle Corp: 4,900,000.00 USD.
 * EU-GA (EUR, also 0.1%) as of Monday 2025-12-01, USD -> EUR at 1 / 1.1609: Oracle's USD bond of
 *   1,012,345.67 is 872,035.21 (872,035.205444); Alphabet's EUR bond 250,000.00 as it is.
 * Month t = 1 is 2025-11-30 for US-GA, 2025-12-31 for EU-GA; a deal of 2026-02-15 counts from 2026-02-28.
 */
const US_ROWS = [
  '02079KAA5,Alphabet Inc,1000000,987654.33,,EUR,2035-11-15,1.B,Technology,BOND',
  '68389XCA1,Oracle Corp,4900000,4900000,,USD,2035-11-15,2.A,Technology,BOND',
  '02079KAB3,Alphabet Inc,500000,0,,EUR,2030-06-20,,,CDS_PROTECTION',
];
const EU_ROWS = [
  '68389XCA1,Oracle Corp,1000000,1012345.67,,USD,2035-11-15,2.A,Technology,BOND',
  '02079KAA5,Alphabet Inc,250000,250000,,EUR,2035-11-15,1.B,Technology,BOND',
];

interface Exposure {
  scope: string;
  exposure: number;
  months: Array<{ date: string; exposure: number }>;
}

describe.each(testTargets())('deals, FX shocks and trades across currencies on %s', (_name, target) => {
  let app: TestApp;
  let alphabetId: number;

  const exposures = async (code: string, scenario = 'base'): Promise<Map<string, Exposure>> => {
    const res = await app.as('viewer').get(`/api/portfolios/${code}/exposures?scenario=${scenario}&horizon=6`).expect(200);
    return new Map(res.body.items.map((item: Exposure) => [item.scope, item]));
  };
  const firstMonths = (item: Exposure | undefined) => [item!.exposure, ...item!.months.slice(0, 4).map((m) => m.exposure)];

  beforeAll(async () => {
    app = await startApp(await target());
    await uploadEcbRates(app);
    await createPortfolio(app, 'US-GA', 'USD');
    await createPortfolio(app, 'EU-GA', 'EUR');
    await uploadHoldings(app, 'US-GA', holdingsFile(US_ROWS), '2025-11-29').expect(201);
    await uploadHoldings(app, 'EU-GA', holdingsFile(EU_ROWS), '2025-12-01').expect(201);
    alphabetId = (await app.as('viewer').get('/api/issuers?search=Alphabet').expect(200)).body.items[0].id;
    for (const portfolio of ['US-GA', 'EU-GA'])
      await app
        .as('admin')
        .post('/api/limits')
        .send({
          name: 'Single family',
          portfolio,
          scope: { type: 'EACH_ISSUER_FAMILY' },
          measure: 'MARKET_VALUE',
          basis: 'ABSOLUTE',
          limitAmount: 50_000_000,
        })
        .expect(201);
  });
  afterAll(() => app.close());

  it('takes a deal in EUR, answered in its own currency and amount', async () => {
    const res = await app
      .as('officer')
      .post('/api/issuance/deals')
      .send({ issuer: 'Alphabet Inc', expectedDate: '2026-02-15', amount: 1_000_000_000, currency: 'EUR', probability: 1 })
      .expect(201);
    expect(res.body).toMatchObject({ amount: 1_000_000_000, currency: 'EUR' });
    const listed = await app.as('viewer').get(`/api/issuance/deals/${res.body.id}`).expect(200);
    expect(listed.body).toMatchObject({ amount: 1_000_000_000, currency: 'EUR' });
  });

  it('projects the EUR deal into the USD book at the rate of its snapshot, and into the EUR book as it is', async () => {
    // 1,000,000,000.00 EUR x 1.1581 = 1,158,100,000.00 USD, of which 0.1%: 1,158,100.00 from 2026-02-28 (t = 4)
    expect(firstMonths((await exposures('US-GA')).get('Alphabet Inc'))).toEqual([
      564752.48,
      564752.48,
      564752.48,
      564752.48,
      564752.48 + 1158100,
    ]);
    // 0.1% of 1,000,000,000.00 EUR = 1,000,000.00 from 2026-02-28 (t = 3)
    expect(firstMonths((await exposures('EU-GA')).get('Alphabet Inc'))).toEqual([250000, 250000, 250000, 1250000, 1250000]);
  });

  it('shocks every amount in a currency from t = 1, month by month; a shock on the base currency moves nothing', async () => {
    const created = await app
      .as('admin')
      .post('/api/scenarios')
      .send({ name: 'eur-down-usd-up', fxShocks: { EUR: -10, USD: 5 } })
      .expect(201);
    expect(created.body.fxShocks).toEqual({ EUR: -10, USD: 5 });
    const us = await exposures('US-GA', 'eur-down-usd-up');
    // Alphabet's EUR net 564,752.48 - 10% = 508,277.232 -> 508,277.23 (bond and protection shocked together, rounded once);
    // the deal's 1,158,100.00 - 10% = 1,042,290.00 from t = 4. Today (t = 0) is never shocked.
    expect(firstMonths(us.get('Alphabet Inc'))).toEqual([564752.48, 508277.23, 508277.23, 508277.23, 508277.23 + 1042290]);
    // USD is US-GA's base: its 5% moves nothing
    expect(firstMonths(us.get('Oracle Corp'))).toEqual(Array(5).fill(4900000));
    const eu = await exposures('EU-GA', 'eur-down-usd-up');
    // EUR is EU-GA's base: its -10% moves nothing. Oracle's USD bond: 872,035.21 + 5% = 915,636.9705 -> 915,636.97
    expect(firstMonths(eu.get('Alphabet Inc'))).toEqual([250000, 250000, 250000, 1250000, 1250000]);
    expect(firstMonths(eu.get('Oracle Corp'))).toEqual([872035.21, 915636.97, 915636.97, 915636.97, 915636.97]);
    const listed = await app.as('viewer').get('/api/scenarios').expect(200);
    expect(listed.body.items.map((s: { name: string; fxShocks: object }) => [s.name, s.fxShocks])).toEqual([
      ['base', {}],
      ['full-pipeline', {}],
      ['stress', {}],
      ['eur-down-usd-up', { EUR: -10, USD: 5 }],
    ]);
  });

  it('refuses an FX shock naming the entry, and a currency that is not ISO 4217 naming the field', async () => {
    const refused = async (fxShocks: object) =>
      (await app.as('admin').post('/api/scenarios').send({ name: 'bad', fxShocks }).expect(400)).body.details;
    expect(await refused({ EURO: 5 })).toEqual([
      {
        field: 'fxShocks.EURO',
        message:
          'fxShocks.EURO is not a currency: the key must be an ISO 4217 currency code of three capital letters, such as USD, EUR or GBP ("EURO" is not one)',
      },
    ]);
    const rule = 'must be a percentage above -100 and at most 1000, with at most 2 decimals (-10: worth 10% less)';
    expect(await refused({ GBP: 1, EUR: -100 })).toEqual([{ field: 'fxShocks.EUR', message: `fxShocks.EUR ${rule}` }]);
    expect(await refused({ EUR: 1.234 })).toEqual([{ field: 'fxShocks.EUR', message: `fxShocks.EUR ${rule}` }]);
    const deal = await app
      .as('officer')
      .post('/api/issuance/deals')
      .send({ issuer: 'Alphabet Inc', expectedDate: '2026-02-15', amount: 1, currency: 'EURO' });
    expect(deal.status).toBe(400);
    expect(deal.body.details).toEqual([
      {
        field: 'currency',
        message: 'currency must be an ISO 4217 currency code of three capital letters, such as USD, EUR or GBP ("EURO" is not one)',
      },
    ]);
    const file = 'issuer_name,expected_date,amount,currency\nOracle Corp,2028-06-30,1000000,GBP\nOracle Corp,2028-06-30,1000000,EURO\n';
    const upload = await app.as('officer').post('/api/issuance/deals/upload').attach('file', Buffer.from(file), 'deals.csv');
    expect(upload.status).toBe(422);
    expect(upload.body.details).toEqual([
      { row: 3, column: 'currency', message: '"EURO" must be an ISO 4217 currency code of three capital letters, such as USD, EUR or GBP' },
    ]);
  });

  it('checks trades in another currency converted at the snapshot rate, and in the base currency by default', async () => {
    const whatIf = async (trade: object) =>
      (
        await app
          .as('officer')
          .post('/api/portfolios/US-GA/what-if')
          .send({ trades: [trade] })
          .expect(200)
      ).body.checks[0];
    // 100,000.00 EUR x 1.1581 = 115,810.00 USD: Alphabet 564,752.48 -> 680,562.48
    const eur = await whatIf({ issuer: 'Alphabet Inc', side: 'BUY', marketValue: 100_000, currency: 'EUR' });
    expect([eur.scopeLabel, eur.before.exposure, eur.after.exposure]).toEqual(['Alphabet Inc', 564752.48, 680562.48]);
    const usd = await whatIf({ issuer: 'Alphabet Inc', side: 'BUY', marketValue: 100_000 });
    expect(usd.after.exposure).toBe(664752.48);
    const bad = await app
      .as('officer')
      .post('/api/portfolios/US-GA/what-if')
      .send({ trades: [{ issuer: 'Alphabet Inc', side: 'BUY', marketValue: 1, currency: 'eur' }] });
    expect(bad.body.details).toEqual([{ field: 'trades.0.currency', message: 'currency must be written in capitals: EUR, not eur' }]);
  });

  it("lists a breach's lots in their own currency beside the base amounts", async () => {
    await app
      .as('admin')
      .post('/api/limits')
      .send({
        name: 'Alphabet',
        portfolio: 'US-GA',
        scope: { type: 'ISSUER_FAMILY', issuerId: alphabetId },
        measure: 'MARKET_VALUE',
        basis: 'ABSOLUTE',
        limitAmount: 500_000,
      })
      .expect(201);
    await app
      .as('officer')
      .post('/api/evaluations')
      .send({ scenarios: ['base'] })
      .expect(201);
    const [breach] = (await app.as('viewer').get('/api/breaches?kind=CURRENT&portfolio=US-GA').expect(200)).body.items;
    const { breakdown } = (await app.as('viewer').get(`/api/breaches/${breach.id}`).expect(200)).body;
    expect(
      breakdown.lots.map((l: Record<string, unknown>) => [
        l.row,
        l.currency,
        l.originalPar,
        l.originalMarketValue,
        l.par,
        l.marketValue,
        l.contribution,
      ]),
    ).toEqual([
      [2, 'EUR', 1000000, 987654.33, 1158100, 1143802.48, 1143802.48],
      [4, 'EUR', 500000, 0, 579050, 0, -579050],
    ]);
    expect(breakdown.members.map((m: { exposure: number }) => m.exposure)).toEqual([564752.48]);
  });

  it("fails the projection of a portfolio whose deal has no rate at its snapshot's date, and that portfolio alone", async () => {
    await createPortfolio(app, 'LATE', 'USD');
    // USD holdings need no rate; the EUR deal does, at 2025-12-15, 14 days after the last rate
    await uploadHoldings(app, 'LATE', holdingsFile([US_ROWS[1]]), '2025-12-15').expect(201);
    const res = await app.as('viewer').get('/api/portfolios/LATE/exposures');
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/^No EUR->USD rate on or before 2025-12-15/);
    const run = (
      await app
        .as('officer')
        .post('/api/evaluations')
        .send({ scenarios: ['base'] })
        .expect(201)
    ).body;
    expect(run.status).toBe('SUCCEEDED');
    // US-GA and EU-GA evaluated, LATE left out
    expect(run.counts).toMatchObject({ portfolios: 2, portfoliosFailed: 1 });
    expect(run.counts.failures).toEqual([
      { portfolio: 'LATE', message: expect.stringMatching(/^No EUR->USD rate on or before 2025-12-15/), errorId: expect.any(String) },
    ]);
  });

  it('spreads a forecast in its currency', async () => {
    const res = await app
      .as('officer')
      .post('/api/issuance/forecasts')
      .send({ issuer: 'Oracle Corp', from: '2028-01-01', to: '2028-03-31', annualAmount: 1_200_000, currency: 'GBP' })
      .expect(201);
    expect(res.body.deals.map((d: { amount: number; currency: string }) => [d.amount, d.currency])).toEqual(Array(3).fill([100000, 'GBP']));
  });
});
