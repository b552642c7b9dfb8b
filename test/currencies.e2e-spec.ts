import { testTargets } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { createPortfolio, holdingsFile, storedCounts, uploadEcbRates, uploadHoldings } from './support/currencies.js';

/**
 * Holdings in any currency, converted to the portfolio's base currency at the snapshot's as-of date
 * (the ECB's rates of test/support/currencies.ts), each holding once, rounded half away from zero
 * to the cent, then summed.
 *
 * US-GA (USD) as of Saturday 2025-11-29 takes Friday 2025-11-28's rates: EUR -> USD 1.1581, and
 * GBP -> USD crossed through the euro: 1.1581 / 0.87650 = 11581 / 8765 (1.32127780...).
 * EU-GA (EUR) as of Monday 2025-12-01: USD -> EUR = 1 / 1.1609.
 */
const US_ROWS = [
  '02079KAA5,Alphabet Inc,1000000,987654.33,990000,EUR,2035-11-15,1.B,Technology,BOND',
  '30303MAA0,Meta Platforms Inc,2000000,1950000.55,,GBP,2035-11-15,1.D,Technology,BOND',
  '68389XCA1,Oracle Corp,5000000,4900000,,USD,2035-11-15,2.A,Technology,BOND',
  '02079KAB3,Alphabet Inc,500000,0,,EUR,2030-06-20,,,CDS_PROTECTION',
];
const EU_ROWS = [
  '68389XCA1,Oracle Corp,1000000,1012345.67,995000,USD,2035-11-15,2.A,Technology,BOND',
  '02079KAA5,Alphabet Inc,250000,250000,,eur,2035-11-15,1.B,Technology,BOND',
];

const NEW_ISSUER = '68389XCB9,Brand New Issuer Corp,1,1,,USD,2035-11-15,,,BOND';

interface Holding {
  row: number;
  currency: string;
  parValue: number;
  marketValue: number;
  bookValue: number;
  originalParValue: number;
  originalMarketValue: number;
  originalBookValue: number;
  baseCurrency: string;
}
const amounts = (h: Holding) => [
  h.row,
  h.currency,
  [h.originalParValue, h.originalMarketValue, h.originalBookValue],
  h.baseCurrency,
  [h.parValue, h.marketValue, h.bookValue],
];

describe.each(testTargets())('holdings in any currency on %s', (_name, target) => {
  let app: TestApp;
  let usSnapshot: number;
  let euSnapshot: number;

  beforeAll(async () => {
    app = await startApp(await target());
    await uploadEcbRates(app);
    await createPortfolio(app, 'US-GA', 'USD');
    await createPortfolio(app, 'EU-GA', 'EUR');
    await createPortfolio(app, 'LATE', 'USD');
  });
  afterAll(() => app.close());

  it('converts EUR and GBP bonds and EUR CDS protection into a USD book, each holding once, at Friday rates for a Saturday', async () => {
    const res = await uploadHoldings(app, 'US-GA', holdingsFile(US_ROWS), '2025-11-29').expect(201);
    usSnapshot = res.body.snapshotId;
    const holdings = await app.as('viewer').get(`/api/snapshots/${usSnapshot}/holdings`).expect(200);
    expect(holdings.body.items.map(amounts)).toEqual([
      // 1,000,000.00 x 1.1581 = 1,158,100.00; 987,654.33 x 1.1581 = 1,143,802.479573 -> 1,143,802.48; 990,000.00 x 1.1581 = 1,146,519.00
      [2, 'EUR', [1000000, 987654.33, 990000], 'USD', [1158100, 1143802.48, 1146519]],
      // 2,000,000.00 x 1.1581 / 0.87650 = 2,642,555.618938... -> 2,642,555.62; 1,950,000.55 x 1.1581 / 0.87650 = 2,576,492.455168... -> 2,576,492.46
      [3, 'GBP', [2000000, 1950000.55, 1950000.55], 'USD', [2642555.62, 2576492.46, 2576492.46]],
      [4, 'USD', [5000000, 4900000, 4900000], 'USD', [5000000, 4900000, 4900000]],
      // Protection: 500,000.00 x 1.1581 = 579,050.00
      [5, 'EUR', [500000, 0, 0], 'USD', [579050, 0, 0]],
    ]);
  });

  it('answers the snapshot with its base currency and the rates it used, as stored: the crossed pair by both of its legs', async () => {
    const res = await app.as('viewer').get(`/api/snapshots/${usSnapshot}`).expect(200);
    expect(res.body).toEqual({
      id: usSnapshot,
      portfolio: 'US-GA',
      asOfDate: '2025-11-29',
      rows: 4,
      fileName: expect.any(String),
      format: 'CSV',
      contentSha256: expect.any(String),
      uploadedBy: expect.any(Number),
      createdAt: expect.any(String),
      current: true,
      baseCurrency: 'USD',
      fxRates: [
        { base: 'EUR', quote: 'GBP', rate: 0.8765, rateDate: '2025-11-28' },
        { base: 'EUR', quote: 'USD', rate: 1.1581, rateDate: '2025-11-28' },
      ],
    });
  });

  it('sums the converted holdings: every figure of the book in USD', async () => {
    await app
      .as('admin')
      .post('/api/limits')
      .send({
        name: 'Book',
        portfolio: 'US-GA',
        scope: { type: 'PORTFOLIO' },
        measure: 'MARKET_VALUE',
        basis: 'ABSOLUTE',
        limitAmount: 1e8,
      })
      .expect(201);
    const res = await app.as('viewer').get('/api/portfolios/US-GA/exposures').expect(200);
    // Alphabet 1,143,802.48 - 579,050.00 = 564,752.48; Meta 2,576,492.46; Oracle 4,900,000.00
    expect(res.body.items.map((i: { exposure: number }) => i.exposure)).toEqual([8041244.94]);
  });

  it('converts USD bonds into a EUR book, and takes its EUR rows as they are', async () => {
    const res = await uploadHoldings(app, 'EU-GA', holdingsFile(EU_ROWS), '2025-12-01').expect(201);
    euSnapshot = res.body.snapshotId;
    const holdings = await app.as('viewer').get(`/api/snapshots/${euSnapshot}/holdings`).expect(200);
    expect(holdings.body.items.map(amounts)).toEqual([
      // 1,000,000.00 / 1.1609 = 861,400.637436... -> 861,400.64; 1,012,345.67 / 1.1609 = 872,035.205444... -> 872,035.21;
      // 995,000.00 / 1.1609 = 857,093.634249... -> 857,093.63
      [2, 'USD', [1000000, 1012345.67, 995000], 'EUR', [861400.64, 872035.21, 857093.63]],
      [3, 'EUR', [250000, 250000, 250000], 'EUR', [250000, 250000, 250000]],
    ]);
    const snapshot = await app.as('viewer').get(`/api/snapshots/${euSnapshot}`).expect(200);
    expect(snapshot.body).toMatchObject({
      baseCurrency: 'EUR',
      fxRates: [{ base: 'EUR', quote: 'USD', rate: 1.1609, rateDate: '2025-12-01' }],
    });
  });

  it('keeps a book all in its base currency as it was: no rate needed, none listed', async () => {
    const res = await uploadHoldings(app, 'LATE', holdingsFile([US_ROWS[2]]), '2025-12-15').expect(201);
    const snapshot = await app.as('viewer').get(`/api/snapshots/${res.body.snapshotId}`).expect(200);
    expect(snapshot.body).toMatchObject({ baseCurrency: 'USD', fxRates: [] });
  });

  it('shows a snapshot only to who may see its portfolio', async () => {
    const limited = await app
      .as('admin')
      .post('/api/users')
      .send({ email: 'eu-only@example.com', name: 'EU only', role: 'viewer', portfolios: ['EU-GA'] })
      .expect(201);
    const as = (path: string) => app.anonymous().get(path).set('Authorization', `Bearer ${limited.body.apiKey}`);
    expect((await as(`/api/snapshots/${euSnapshot}`)).status).toBe(200);
    expect((await as(`/api/snapshots/${usSnapshot}`)).body).toMatchObject({ statusCode: 404, message: `Snapshot ${usSnapshot} not found` });
    expect((await app.as('viewer').get('/api/snapshots/999999')).status).toBe(404);
  });

  describe('refuses, and stores nothing', () => {
    it('a code that is not ISO 4217, by row and column', async () => {
      const before = await storedCounts(app);
      const res = await uploadHoldings(app, 'US-GA', holdingsFile([US_ROWS[2], US_ROWS[0].replace(',EUR,', ',EURO,')]), '2025-11-28');
      expect(res.status).toBe(422);
      expect(res.body.details).toEqual([
        {
          row: 3,
          column: 'currency',
          message: '"EURO" must be an ISO 4217 currency code of three capital letters, such as USD, EUR or GBP',
        },
      ]);
      expect(await storedCounts(app)).toEqual(before);
    });

    it('a currency the rates do not have: 422 naming the pair and the date', async () => {
      const before = await storedCounts(app);
      // West African CFA francs: ISO 4217, but not among the ECB's reference rates. The new issuer is not kept either.
      const rows = ['02079KAA5,Alphabet Inc,100,100,,XOF,2035-11-15,,,BOND', US_ROWS[2], NEW_ISSUER];
      const res = await uploadHoldings(app, 'US-GA', holdingsFile(rows), '2025-11-28');
      expect(res.status).toBe(422);
      expect(res.body.message).toMatch(/^No EUR->XOF rate on or before 2025-11-28/);
      expect(await storedCounts(app)).toEqual(before);
    });

    it('a date past the last rate + 7 days: 422 naming the pair and the date', async () => {
      const before = await storedCounts(app);
      // The last rates are of 2025-12-01: 2025-12-08 still takes them, 2025-12-09 has none.
      const late = await uploadHoldings(app, 'US-GA', holdingsFile([US_ROWS[1], NEW_ISSUER]), '2025-12-09');
      expect(late.status).toBe(422);
      expect(late.body.message).toMatch(/^No EUR->GBP or EUR->USD rate on or before 2025-12-09/);
      expect(await storedCounts(app)).toEqual(before);
      const res = await uploadHoldings(app, 'US-GA', holdingsFile([US_ROWS[0]]), '2025-12-08').expect(201);
      const snapshot = await app.as('viewer').get(`/api/snapshots/${res.body.snapshotId}`).expect(200);
      expect(snapshot.body.fxRates).toEqual([{ base: 'EUR', quote: 'USD', rate: 1.1609, rateDate: '2025-12-01' }]);
    });
  });
});
