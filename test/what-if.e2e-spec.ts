import { testTargets } from './support/databases.js';
import { fixture, startApp, type TestApp } from './support/app.js';

/**
 * Portfolio TRADE: admitted assets $100,000,000.00, so the single person limit (3%) is $3,000,000.00
 * and the Technology one (10%) $10,000,000.00. Market values (holdings/ok/what-if.csv), as of 2026-11-30:
 *   Oracle Corp 2,760,000.00 (92%), Meta Platforms Inc 3,300,000.00 (110%), Duke Energy Corp 1,500,000.00 (50%);
 *   Technology: 2,760,000.00 + 3,300,000.00 = 6,060,000.00 (60.6%).
 */
const PORTFOLIO = 'TRADE';
const WHAT_IF = `/api/portfolios/${PORTFOLIO}/what-if`;
const SOURCE = 'Investment policy §4.2 (board minute 2026-10-14)';

interface Figures {
  exposure: number;
  limitAmount: number;
  utilizationPct: number;
  status: string;
  projectedStatus: string;
  projectedBreachDate: string | null;
}
interface CheckView {
  limitId: number;
  name: string;
  source: string | null;
  scopeLabel: string;
  raisesExposure: boolean;
  before: Figures;
  after: Figures;
}

const ok = (exposure: number, limitAmount: number, utilizationPct: number, status = 'OK'): Figures => ({
  exposure,
  limitAmount,
  utilizationPct,
  status,
  projectedStatus: status,
  projectedBreachDate: null,
});

describe.each(testTargets())('the pre-trade check on %s', (_name, target) => {
  let app: TestApp;
  let singlePerson: number;
  let technology: number;

  const check = (body: object) => app.as('officer').post(WHAT_IF).send(body);
  const trade = (issuer: string, side: string, marketValue: number, extra: object = {}) => ({ issuer, side, marketValue, ...extra });
  const figuresOf = (checks: CheckView[]) => checks.map((c) => [c.limitId, c.scopeLabel, c.raisesExposure, c.before, c.after]);

  beforeAll(async () => {
    app = await startApp(await target());
    const portfolio = { name: 'Trading book', baseCurrency: 'USD', admittedAssets: 100_000_000, capitalAndSurplus: 10_000_000 };
    await app
      .as('admin')
      .post('/api/portfolios')
      .send({ ...portfolio, code: PORTFOLIO, participationRate: 0.01 })
      .expect(201);
    await app
      .as('admin')
      .post('/api/portfolios')
      .send({ ...portfolio, code: 'EMPTY', participationRate: 0.01 })
      .expect(201);
    await app
      .as('officer')
      .post(`/api/portfolios/${PORTFOLIO}/holdings`)
      .field('asOfDate', '2026-11-30')
      .attach('file', fixture('holdings/ok/what-if.csv'))
      .expect(201);
    const limit = async (body: object) =>
      (
        await app
          .as('admin')
          .post('/api/limits')
          .send({ portfolio: PORTFOLIO, measure: 'MARKET_VALUE', basis: 'PCT_ADMITTED_ASSETS', ...body })
          .expect(201)
      ).body.id as number;
    singlePerson = await limit({ name: 'single person', scope: { type: 'EACH_ISSUER_FAMILY' }, limitPct: 3, source: SOURCE });
    technology = await limit({ name: 'Technology', scope: { type: 'SECTOR', sector: 'Technology' }, limitPct: 10 });
  });
  afterAll(() => app.close());

  it('finds a buy that takes Oracle from 92% to 103% of its 3% limit a breach, with both figures', async () => {
    const res = await check({ trades: [trade('Oracle Corp', 'BUY', 330_000)] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ portfolio: PORTFOLIO, asOfDate: '2026-11-30', scenario: 'base', horizonMonths: 24 });
    expect([res.body.verdict, res.body.projectedVerdict]).toEqual(['BREACH', 'BREACH']);
    // Oracle: 2,760,000.00 + 330,000.00 = 3,090,000.00 of 3,000,000.00 = 103%, over from today (and so from 2026-12-31)
    // Technology: 6,060,000.00 + 330,000.00 = 6,390,000.00 of 10,000,000.00 = 63.9%
    expect(figuresOf(res.body.checks)).toEqual([
      [
        singlePerson,
        'Oracle Corp',
        true,
        ok(2_760_000, 3_000_000, 92, 'WARNING'),
        { ...ok(3_090_000, 3_000_000, 103, 'BREACH'), projectedBreachDate: '2026-12-31' },
      ],
      [technology, 'Technology', true, ok(6_060_000, 10_000_000, 60.6), ok(6_390_000, 10_000_000, 63.9)],
    ]);
    expect(res.body.checks.map((c: CheckView) => [c.name, c.source])).toEqual([
      ['single person', SOURCE],
      ['Technology', null],
    ]);
  });

  it('passes a sale of Meta while Meta is over, showing the check before and after', async () => {
    const res = await check({ trades: [trade('Meta Platforms, Inc.', 'SELL', 450_000)] });
    expect(res.status).toBe(200);
    expect([res.body.verdict, res.body.projectedVerdict]).toEqual(['PASS', 'PASS']);
    // Meta: 3,300,000.00 - 450,000.00 = 2,850,000.00: 110% -> 95%, still a warning but lower
    expect(figuresOf(res.body.checks)).toEqual([
      [
        singlePerson,
        'Meta Platforms Inc',
        false,
        { ...ok(3_300_000, 3_000_000, 110, 'BREACH'), projectedBreachDate: '2026-12-31' },
        ok(2_850_000, 3_000_000, 95, 'WARNING'),
      ],
      [technology, 'Technology', false, ok(6_060_000, 10_000_000, 60.6), ok(5_610_000, 10_000_000, 56.1)],
    ]);
  });

  it('passes a buy that fits today but projects the breach of the month a pipeline deal lands', async () => {
    // A certain $100,000,000.00 Duke deal of 2027-03-10, of which the portfolio expects 1%: $1,000,000.00 from 2027-03-31
    const deal = await app
      .as('officer')
      .post('/api/issuance/deals')
      .send({ issuer: 'Duke Energy Corp', expectedDate: '2027-03-10', amount: 100_000_000, probability: 1 })
      .expect(201);
    const res = await check({ trades: [trade('Duke Energy Corp', 'BUY', 1_000_000.01, { bookValue: 990_000, par: 1_000_000 })] });
    await app.as('officer').delete(`/api/issuance/deals/${deal.body.id}`).expect(204);
    expect(res.status).toBe(200);
    expect([res.body.verdict, res.body.projectedVerdict]).toEqual(['PASS', 'BREACH']);
    // Duke: 1,500,000.00 + 1,000,000.01 = 2,500,000.01 (83.33%) today; + 1,000,000.00 = 3,500,000.01 > 3,000,000.00 on 2027-03-31
    const [duke] = res.body.checks as CheckView[];
    expect([duke.scopeLabel, duke.raisesExposure, duke.before, duke.after]).toEqual([
      'Duke Energy Corp',
      true,
      ok(1_500_000, 3_000_000, 50, 'OK'),
      { ...ok(2_500_000.01, 3_000_000, 83.33), projectedStatus: 'BREACH', projectedBreachDate: '2027-03-31' },
    ]);
    expect(res.body.checks).toHaveLength(1);
  });

  it('makes a new family of an issuer name nobody has, and stores nothing', async () => {
    const [issuers, holdings, audit] = await Promise.all(['issuers', 'holdings', 'audit_log'].map((t) => app.count(t)));
    const res = await check({
      trades: [trade('Acme Quantum Widgets Inc', 'BUY', 100_000, { sector: 'Industrials', naicDesignation: '3.b' })],
    });
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBe('PASS');
    // 100,000.00 of 3,000,000.00 = 3.33%; Industrials has no limit, Technology is not touched
    expect(figuresOf(res.body.checks)).toEqual([
      [singlePerson, 'Acme Quantum Widgets Inc', true, ok(0, 3_000_000, 0), ok(100_000, 3_000_000, 3.33)],
    ]);
    expect(res.body.newIssuers).toEqual([{ issuer: 'Acme Quantum Widgets Inc', suggestions: [] }]);
    expect(await Promise.all(['issuers', 'holdings', 'audit_log'].map((t) => app.count(t)))).toEqual([issuers, holdings, audit]);
    const found = (await app.as('viewer').get('/api/issuers?search=Acme').expect(200)).body.items;
    expect(found).toEqual([]);
  });

  it('says a misspelt name is no issuer it knows, and suggests the nearest: "Orcle" is not Oracle', async () => {
    const res = await check({ trades: [trade('Orcle', 'BUY', 1_000_000), trade('Oracle Corp', 'BUY', 1)] });
    expect(res.status).toBe(200);
    const oracle = (await app.as('viewer').get('/api/issuers?search=Oracle').expect(200)).body.items[0];
    expect(res.body.newIssuers).toEqual([{ issuer: 'Orcle', suggestions: [{ issuerId: oracle.id, name: 'Oracle Corp' }] }]);
    expect(res.body.checks.map((c: CheckView) => c.scopeLabel)).toContain('Orcle');
  });

  it('takes several trades at once: a buy and a sale of different issuers, the sector counted once', async () => {
    const res = await check({ trades: [trade('Oracle Corp', 'BUY', 30_000), trade('Meta Platforms Inc', 'SELL', 100_000)] });
    expect(res.status).toBe(200);
    // Oracle 2,790,000.00 (93%) raised: a warning; Meta 3,200,000.00 (106.67%) and Technology 5,990,000.00 (59.9%) lowered
    expect([res.body.verdict, res.body.projectedVerdict]).toEqual(['WARNING', 'WARNING']);
    expect(
      res.body.checks.map((c: CheckView) => [c.scopeLabel, c.raisesExposure, c.after.exposure, c.after.utilizationPct, c.after.status]),
    ).toEqual([
      ['Oracle Corp', true, 2_790_000, 93, 'WARNING'],
      ['Meta Platforms Inc', false, 3_200_000, 106.67, 'BREACH'],
      ['Technology', false, 5_990_000, 59.9, 'OK'],
    ]);
  });

  it('refuses bad trades with 400, naming each field', async () => {
    const bad = await check({ trades: [{ issuer: 'Oracle Corp', side: 'HOLD', marketValue: -5, naicDesignation: 'NAIC 7' }] });
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.details.map((d: { field: string }) => d.field))).toEqual(
      new Set(['trades.0.side', 'trades.0.marketValue', 'trades.0.naicDesignation']),
    );
    const numbers = await check({
      trades: [trade('Oracle Corp', 'BUY', 1, { naicDesignation: 2 }), trade('Oracle Corp', 'BUY', 1, { naicDesignation: 2.5 })],
    });
    expect([numbers.status, numbers.body.details]).toEqual([
      400,
      [{ field: 'trades.1.naicDesignation', message: 'naicDesignation must be 1 to 6 or a category 1.A-1.G, 2.A-5.C' }],
    ]);
    expect((await check({ trades: [trade('Oracle Corp', 'BUY', 1, { naicDesignation: 2 })] })).status).toBe(200);
    const zero = await check({ trades: [trade('Oracle Corp', 'BUY', 1), trade('Oracle Corp', 'SELL', 0)] });
    expect(zero.body.details).toEqual([{ field: 'trades.1.marketValue', message: 'marketValue must be a positive number' }]);
    const empty = await check({ trades: [] });
    expect([empty.status, empty.body.message]).toEqual([400, 'Invalid request: trades']);
    const unknownLei = await check({ trades: [trade('5493001KJTIIGC8Y1R12', 'BUY', 1)] });
    expect([unknownLei.status, unknownLei.body.details]).toEqual([
      400,
      [{ field: 'trades.0.issuer', message: 'no issuer has LEI 5493001KJTIIGC8Y1R12' }],
    ]);
  });

  it('answers 404 for an unknown portfolio, 422 for one without holdings, 403 to a viewer', async () => {
    const body = { trades: [trade('Oracle Corp', 'BUY', 1)] };
    expect((await app.as('officer').post('/api/portfolios/NOPE/what-if').send(body)).status).toBe(404);
    const empty = await app.as('officer').post('/api/portfolios/EMPTY/what-if').send(body);
    expect(empty.status).toBe(422);
    expect(empty.body.message).toMatch(/^Portfolio EMPTY has no holdings snapshot yet/);
    expect((await app.as('viewer').post(WHAT_IF).send(body)).status).toBe(403);
  });

  it('says when a limit covers nothing the book holds, and compares sectors without regard to case and spaces', async () => {
    const create = (body: object) =>
      app
        .as('admin')
        .post('/api/limits')
        .send({ portfolio: PORTFOLIO, measure: 'MARKET_VALUE', basis: 'PCT_ADMITTED_ASSETS', limitPct: 10, ...body })
        .expect(201);
    const tech = await create({ name: 'Tech', scope: { type: 'SECTOR', sector: 'Tech' } });
    expect(tech.body.warnings).toEqual([`No holding or deal of ${PORTFOLIO} is in sector Tech; sectors held: Technology, Utilities`]);
    const spaced = await create({ name: 'Spaced', scope: { type: 'SECTOR', sector: '  TECHNOLOGY ' } });
    expect(spaced.body.warnings).toEqual([]);
    const junk = await create({ name: 'Junk', scope: { type: 'NAIC_RANGE', naicMin: 5, naicMax: 6 } });
    expect(junk.body.warnings).toEqual([`No holding or deal of ${PORTFOLIO} has a NAIC designation in 5-6; designations held: 1, 2`]);
    const { items } = (await app.as('viewer').get(`/api/portfolios/${PORTFOLIO}/exposures`).expect(200)).body;
    const exposureOf = (id: number) => items.find((i: { limitId: number }) => i.limitId === id).exposure;
    // Oracle 2,760,000.00 + Meta 3,300,000.00, whichever way the sector is written
    expect([exposureOf(technology), exposureOf(spaced.body.id), exposureOf(tech.body.id)]).toEqual([6_060_000, 6_060_000, 0]);
  });
});
