import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testTargets } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { bookLimit, exposures, issuerIdOf, naicPortfolio, NAIC_PORTFOLIO } from './support/naic-portfolio.js';

const BOOK_PCT = { portfolio: NAIC_PORTFOLIO, measure: 'BOOK_VALUE', basis: 'PCT_ADMITTED_ASSETS' };

describe.each(testTargets())('limits by own NAIC designation on %s', (_name, target) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp(await target());
    await naicPortfolio(app);
  });
  afterAll(() => app.close());

  const limit = (body: object) => bookLimit(app, body);
  const deal = (body: object) => app.as('officer').post('/api/issuance/deals').send(body);
  const itemsOf = async (limitId: number) => (await exposures(app)).filter((i) => i.limitId === limitId);

  it('sums every holding of the portfolio under a PORTFOLIO scope, and its NAIC 3-6 ones with a holdingsFilter', async () => {
    const all = await limit({ name: 'Whole book', scope: { type: 'PORTFOLIO' }, limitPct: 10 });
    const lower = await limit({
      name: 'Lower grade book',
      scope: { type: 'PORTFOLIO', holdingsFilter: { naicMin: 3, naicMax: 6 } },
      limitPct: 4,
    });
    expect(lower.scope).toEqual({ type: 'PORTFOLIO', holdingsFilter: { naicMin: 3, naicMax: 6 } });
    // 3,000,000.37 + 1,500,000.05 + 1,100,000.00 + 3,200,000.00 = 8,800,000.42 of $10,000,000.00
    expect(await itemsOf(all.id)).toEqual([
      expect.objectContaining({
        scopeKey: 'portfolio',
        scope: 'Portfolio',
        exposure: 8_800_000.42,
        limit: 10_000_000,
        utilizationPct: 88,
        status: 'OK',
      }),
    ]);
    // 3,900,000.42 of $4,000,000.00: 97.50%, from 90% a warning
    expect(await itemsOf(lower.id)).toEqual([expect.objectContaining({ exposure: 3_900_000.42, utilizationPct: 97.5, status: 'WARNING' })]);
  });

  it('counts only the NAIC 4-6 holdings of each family under an EACH_ISSUER_FAMILY holdingsFilter, leaving out families with none', async () => {
    const each = await limit({
      name: 'Per issuer NAIC 4-6 at market value',
      scope: { type: 'EACH_ISSUER_FAMILY', holdingsFilter: { naicMin: 4, naicMax: 6 } },
      measure: 'MARKET_VALUE',
      basis: 'ABSOLUTE',
      limitAmount: 1_000_000,
    });
    const figures = (await itemsOf(each.id)).map((i) => [i.scope, i.exposure, i.status]).sort();
    expect(figures).toEqual([
      ['Carvana Co', 1_100_000, 'BREACH'],
      ['Oracle Corp', 590_000, 'OK'],
      ['Rite Aid Corp', 700_000, 'OK'],
    ]);
  });

  it('shows in a breach of a NAIC 3-6 aggregate only the lots it counts', async () => {
    const lower = await limit({ name: 'NAIC 3-6 at 3%', scope: { type: 'NAIC_RANGE', naicMin: 3, naicMax: 6 }, limitPct: 3 });
    await app
      .as('officer')
      .post('/api/evaluations')
      .send({ portfolios: [NAIC_PORTFOLIO], scenarios: ['base'] })
      .expect(201);
    const breaches = (await app.as('viewer').get('/api/breaches?kind=CURRENT').expect(200)).body.items;
    const breach = breaches.find((b: { limitId: number }) => b.limitId === lower.id);
    const { breakdown } = (await app.as('viewer').get(`/api/breaches/${breach.id}`).expect(200)).body;
    // Oracle's NAIC 1 bonds and Duke's NAIC 2 ones are not part of it
    expect(breakdown.lots.map((l: { naicDesignation: string; contribution: number }) => [l.naicDesignation, l.contribution])).toEqual([
      ['5.B', 1_200_000.05],
      ['6', 1_100_000],
      ['3.B', 700_000],
      ['4.B', 600_000.37],
      ['3.A', 300_000],
    ]);
    expect(breakdown.members.map((m: { name: string; exposure: number }) => [m.name, m.exposure])).toEqual([
      ['Carvana Co', 1_500_000.05],
      ['Rite Aid Corp', 1_100_000],
      ['Duke Energy Corp', 700_000],
      ['Oracle Corp', 600_000.37],
    ]);
  });

  describe('deals with their own designation', () => {
    let naicRange: number;
    let oracle: number;

    beforeAll(async () => {
      oracle = await issuerIdOf(app, 'Oracle');
      naicRange = (await limit({ name: 'NAIC 4-6 book', scope: { type: 'NAIC_RANGE', naicMin: 4, naicMax: 6 }, limitPct: 10 })).id;
    });

    it('counts a NAIC 4 deal of a NAIC 2 family in the NAIC 4-6 aggregate from its month, and the family’s designation by default', async () => {
      const placement = await deal({ issuer: oracle, expectedDate: '2027-02-10', amount: 50_000_000, naicDesignation: '4.c' }).expect(201);
      expect(placement.body.naicDesignation).toBe('4.C');
      await deal({ issuer: oracle, expectedDate: '2027-03-10', amount: 80_000_000 }).expect(201);
      const [item] = await itemsOf(naicRange);
      // 2,900,000.42 today; from 2027-02-28 the placement's 1% share, $500,000.00; the deal without a designation takes its NAIC 2 family's and does not count
      expect(item.months.slice(0, 4).map((m) => [m.date, m.exposure])).toEqual([
        ['2026-12-31', 2_900_000.42],
        ['2027-01-31', 2_900_000.42],
        ['2027-02-28', 3_400_000.42],
        ['2027-03-31', 3_400_000.42],
      ]);
    });

    it('moves a deal into the aggregate when its designation is changed', async () => {
      // A JSON number is a designation too (SPEC 5.5)
      const created = await deal({ issuer: oracle, expectedDate: '2027-05-10', amount: 10_000_000, naicDesignation: 1 }).expect(201);
      expect(created.body.naicDesignation).toBe('1');
      const before = (await itemsOf(naicRange))[0].months.find((m) => m.date === '2027-05-31')!.exposure;
      await app.as('officer').patch(`/api/issuance/deals/${created.body.id}`).send({ naicDesignation: '5.A' }).expect(200);
      const after = (await itemsOf(naicRange))[0].months.find((m) => m.date === '2027-05-31')!.exposure;
      expect(after - before).toBe(100_000);
    });
  });

  describe('bad inputs answer 400 naming the field', () => {
    it.each([
      [{ naicDesignation: 'NAIC 7' }, 'naicDesignation'],
      [{ naicDesignation: '7' }, 'naicDesignation'],
      [{ naicDesignation: '6.A' }, 'naicDesignation'],
      [{ naicDesignation: 0 }, 'naicDesignation'],
      [{ naicDesignation: 7 }, 'naicDesignation'],
      [{ naicDesignation: 2.5 }, 'naicDesignation'],
    ])('a deal with %j', async (extra, field) => {
      const res = await deal({ issuer: 'Oracle Corp', expectedDate: '2027-02-10', amount: 1_000_000, ...extra }).expect(400);
      expect(res.body.details).toEqual([{ field, message: expect.stringMatching(/1 to 6/) }]);
    });

    it.each([
      [{ type: 'PORTFOLIO', holdingsFilter: { naicMin: 0, naicMax: 7 } }, ['scope.holdingsFilter.naicMin', 'scope.holdingsFilter.naicMax']],
      [{ type: 'PORTFOLIO', holdingsFilter: { naicMin: 5, naicMax: 3 } }, ['scope.holdingsFilter.naicMax']],
      [{ type: 'EACH_ISSUER_FAMILY', holdingsFilter: { naicMin: 3 } }, ['scope.holdingsFilter.naicMax']],
      [{ type: 'WHOLE_BOOK' }, ['scope.type']],
    ])('a limit with scope %j', async (scope, fields) => {
      const res = await app
        .as('admin')
        .post('/api/limits')
        .send({ ...BOOK_PCT, name: 'bad', scope, limitPct: 1 })
        .expect(400);
      expect([...new Set(res.body.details.map((d: { field: string }) => d.field))]).toEqual(fields);
    });

    it('a deals file with a NAIC 7 row: 422 naming the row and column', async () => {
      const path = join(tmpdir(), `deals-naic-${process.pid}-${Date.now()}.csv`);
      writeFileSync(
        path,
        'issuer_name,expected_date,amount_usd,naic_designation\nOracle Corp,2027-02-10,1000000,2.B\nOracle Corp,2027-03-10,1000000,NAIC 7\n',
      );
      const res = await app.as('officer').post('/api/issuance/deals/upload').attach('file', path).expect(422);
      expect(res.body.details).toEqual([{ row: 3, column: 'naic_designation', message: expect.stringMatching(/NAIC 7/) }]);
    });
  });
});
