import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddDollarDuration1764600000000 } from '../src/database/migrations/1764600000000-AddDollarDuration.js';
import { testTargets } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';

const HEADER = 'cusip,issuer_name,par_value,market_value,maturity_date,coupon_rate,naic_designation,sector';

function holdingsFile(lines: string[]): string {
  const path = join(tmpdir(), `holdings-maths-${process.pid}-${Date.now()}-${Math.random()}.csv`);
  writeFileSync(path, [HEADER, ...lines].join('\n'));
  return path;
}

interface Item {
  limitId: number;
  scopeKey: string;
  scope: string;
  exposure: number;
  months: Array<{ date: string; exposure: number; limit: number }>;
}

/*
 * Portfolio PS: two lots of one issuer, 6% semi-annual coupons, as of 2026-12-15; days / 365.25, discounted at
 * 1.025^(2t) (5% a year, semi-annual).
 *
 * Lot A, $10,000,000.00, matures mid-month on 2028-03-15. Cash flows per 100 of face:
 *   2027-03-15    3   90 days  t = 0.2464065708   3 / 1.0122431856 =  2.9637146909   t x PV = 0.7302787739
 *   2027-09-15    3  274 days  t = 0.7501711157   3 / 1.0377421770 =  2.8908914628   t x PV = 2.1686632739
 *   2028-03-15  103  456 days  t = 1.2484599589 103 / 1.0635958475 = 96.8412957239   t x PV = 120.9024800824
 *   price 102.6959018776; Macaulay 123.8014221302 / 102.6959018776 = 1.2055147271 years;
 *   modified duration 1.2055147271 / 1.025 = 1.1761119289
 *   dollar duration 1.1761119289 x 1,000,000,000 cents = 1,176,111,928.92 cent-years
 * Lot B, $5,000,000.00, matures at the month end, 2028-03-31 (its September coupon on the 30th):
 *   2027-03-31    3  106 days  t = 0.2902121834   3 / 1.0144353924 =  2.9573100688   t x PV = 0.8582474122
 *   2027-09-30    3  289 days  t = 0.7912388775   3 / 1.0398489998 =  2.8850342699   t x PV = 2.2827512772
 *   2028-03-31  103  472 days  t = 1.2922655715 103 / 1.0658992683 = 96.6320205520   t x PV = 124.8742332664
 *   price 102.4743648908; Macaulay 128.0152319558 / 102.4743648908 = 1.2492415258; modified 1.2187722203
 *   dollar duration 1.2187722203 x 500,000,000 = 609,386,110.17 cent-years
 * One bucket (March 2028, 6%): 1,785,498,039.08 -> 1,785,498,039 cent-years; stress 30bp:
 *   x 0.003 = 5,356,494.117 cents -> $53,564.94 off; $15,000,000.00 - $53,564.94 = $14,946,435.06
 * To the month end for both lots (before issue 9): 1.2187722203 x 1,500,000,000 x 0.003 = $54,844.75 off.
 */
const STRESSED = 14_946_435.06;
const DOLLAR_DURATION = 1_785_498_039;

/*
 * Portfolio PL, as of 2026-12-15 too (t = 1 is 2026-12-31, t = 4 2027-03-31, t = 6 2027-05-31, t = 9 2027-08-31), evaluated on
 * 2026-11-30. Admitted assets $9B, so 2.5% is $225,000,000.00; participation 0.3%.
 * Technology: Oracle $212,400,000.40 and Alphabet $220,000,000.00; Utilities: Duke $230,000,000.00 (over 2.5%).
 */
describe.each(testTargets())("the projection's maths on %s", (_name, target) => {
  let app: TestApp;
  let stressSnapshot: number;
  let singleIssuer: number;
  const ids: Record<string, number> = {};

  const exposures = async (portfolio: string, scenario = 'base'): Promise<Item[]> =>
    (await app.as('viewer').get(`/api/portfolios/${portfolio}/exposures?scenario=${scenario}`).expect(200)).body.items;
  const check = async (limitId: number, scopeKey: string) =>
    (await exposures('PL')).find((i) => i.limitId === limitId && i.scopeKey === scopeKey)!;
  const capacity = async (dealId: number) =>
    (await app.as('viewer').get(`/api/issuance/deals/${dealId}/capacity?portfolio=PL`).expect(200)).body;
  const issuerId = async (search: string) =>
    (
      await app
        .as('viewer')
        .get(`/api/issuers?search=${encodeURIComponent(search)}`)
        .expect(200)
    ).body.items[0].id;
  const deal = async (issuer: string, expectedDate: string, amount: number, probability: number) =>
    (await app.as('officer').post('/api/issuance/deals').send({ issuer, expectedDate, amount, probability }).expect(201)).body.id;
  const limit = async (portfolio: string, body: object) =>
    (
      await app
        .as('admin')
        .post('/api/limits')
        .send({ portfolio, measure: 'MARKET_VALUE', ...body })
        .expect(201)
    ).body.id;
  const portfolio = async (code: string, lines: string[]) => {
    await app
      .as('admin')
      .post('/api/portfolios')
      .send({ code, name: code, baseCurrency: 'USD', admittedAssets: 9e9, capitalAndSurplus: 9e8, participationRate: 0.003 })
      .expect(201);
    return (
      await app
        .as('officer')
        .post(`/api/portfolios/${code}/holdings`)
        .field('asOfDate', '2026-12-15')
        .attach('file', holdingsFile(lines))
        .expect(201)
    ).body.snapshotId;
  };

  beforeAll(async () => {
    app = await startApp(await target());
    stressSnapshot = await portfolio('PS', [
      '59491AAA7,Midmonth Capital Inc,10000000,10000000.00,2028-03-15,6,1.A,Financials',
      '59491AAB5,Midmonth Capital Inc,5000000,5000000.00,2028-03-31,6,1.A,Financials',
    ]);
    await limit('PS', { name: 'Single issuer $100M', scope: { type: 'EACH_ISSUER_FAMILY' }, basis: 'ABSOLUTE', limitAmount: 100_000_000 });
    await portfolio('PL', [
      '68389XCA1,Oracle Corp,200000000,212400000.40,2040-09-26,5.95,2.A,Technology',
      '02079KAB3,Alphabet Inc,220000000,220000000.00,2035-08-15,4.5,1.C,Technology',
      '26441CBJ3,Duke Energy Corp,230000000,230000000.00,2033-06-15,5.0,2.A,Utilities',
    ]);
    for (const name of ['Midmonth', 'Oracle', 'Alphabet', 'Duke']) ids[name] = await issuerId(name);
    singleIssuer = await limit('PL', {
      name: 'Single issuer 2.5%',
      scope: { type: 'EACH_ISSUER_FAMILY' },
      basis: 'PCT_ADMITTED_ASSETS',
      limitPct: 2.5,
    });
    // Duke's deal is expected at $10B x 0.5 x 0.3% = $15,000,000 from 2027-03-31; Oracle's at $37,800,000 from 2027-05-31.
    ids.dukeDeal = await deal('26441C', '2027-03-20', 10e9, 0.5);
    ids.oracleDeal = await deal('68389X', '2027-05-20', 18e9, 0.7);
  });
  afterAll(() => app.close());

  describe('the spread shock', () => {
    const midmonth = async (scenario: string) => (await exposures('PS', scenario)).find((i) => i.scopeKey === `family:${ids.Midmonth}`)!;
    const stored = async () =>
      (
        await app.db.reads.query(
          `SELECT dollar_duration_cents FROM snapshot_buckets WHERE snapshot_id = ${stressSnapshot} AND asset_type = 'BOND'`,
        )
      ).map((r: { dollar_duration_cents: string | number }) => Number(r.dollar_duration_cents));

    it('takes each bond to its own maturity date: stress is exact to the cent while both lots are held', async () => {
      const stressed = await midmonth('stress');
      expect(stressed.exposure).toBe(15_000_000);
      // t = 1 is 2026-12-31; the last month end both are held is 2028-02-29 (t = 15); both have matured by 2028-03-31.
      expect(stressed.months[0]).toMatchObject({ date: '2026-12-31', exposure: STRESSED });
      expect(stressed.months[14]).toMatchObject({ date: '2028-02-29', exposure: STRESSED });
      expect(stressed.months[15]).toMatchObject({ date: '2028-03-31', exposure: 0 });
      expect((await midmonth('base')).months[0].exposure).toBe(15_000_000);
    });

    it('stores the dollar duration with the bucket at upload, and the migration computes the same from the holdings', async () => {
      expect(await stored()).toEqual([DOLLAR_DURATION]);
      const migration = new AddDollarDuration1764600000000();
      await app.db.transaction(async (tx) => {
        await migration.down(tx.queryRunner!);
        await migration.up(tx.queryRunner!);
      });
      expect(await stored()).toEqual([DOLLAR_DURATION]);
      expect((await midmonth('stress')).months[0].exposure).toBe(STRESSED);
    });
  });

  describe('limits over time, and names', () => {
    it('names a family that holds nothing but a forecast after its top issuer', async () => {
      const openAi = await deal('OpenAI Group PBC', '2027-02-01', 1e9, 1);
      await app.as('officer').delete(`/api/issuance/deals/${openAi}`).expect(204);
      await app
        .as('officer')
        .post('/api/issuance/forecasts')
        .send({ issuer: 'Stargate Funding LLC', from: '2027-01-01', to: '2027-12-31', annualAmount: 12e9, probability: 0.5 })
        .expect(201);
      const top = await issuerId('OpenAI Group');
      await app
        .as('admin')
        .put(`/api/issuers/${await issuerId('Stargate Funding')}/parent`)
        .send({ parentIssuerId: top, kind: 'ECONOMIC' })
        .expect(200);
      const family = await check(singleIssuer, `family:${top}`);
      // $1B a month x 0.5 x 0.3% = $1,500,000 from 2027-01-31
      expect(family).toMatchObject({ scope: 'OpenAI Group PBC', exposure: 0, status: 'OK' });
      expect(family.months.slice(0, 3).map((m) => m.exposure)).toEqual([0, 1_500_000, 3_000_000]);
    });

    it('enters a limit on its effectiveFrom: no breach before it, a projected breach from its first month end', async () => {
      const utilities = await limit('PL', {
        name: 'Utilities from March',
        scope: { type: 'SECTOR', sector: 'Utilities' },
        basis: 'ABSOLUTE',
        limitAmount: 200_000_000,
        effectiveFrom: '2027-03-01',
      });
      const sector = await check(utilities, 'sector:Utilities');
      // Today $230,000,000 would be over $200,000,000, but the limit is not in force before March.
      expect(sector).toMatchObject({
        exposure: 230_000_000,
        status: 'OK',
        inForceFrom: '2027-03-31',
        projectedStatus: 'BREACH',
        projectedBreachDate: '2027-03-31',
        breachProbability: 1,
      });
      expect(sector.months).toHaveLength(24 - 3);
      expect(sector.months[0]).toMatchObject({ date: '2027-03-31', exposure: 245_000_000, limit: 200_000_000 });

      await app
        .as('officer')
        .post('/api/evaluations')
        .send({ portfolios: ['PL'], scenarios: ['base'] })
        .expect(201);
      const breaches = (await app.as('viewer').get('/api/breaches').expect(200)).body.items.filter(
        (b: { limitId: number }) => b.limitId === utilities,
      );
      expect(breaches.map((b: { kind: string; projectedBreachDate: string }) => [b.kind, b.projectedBreachDate])).toEqual([
        ['PROJECTED', '2027-03-31'],
      ]);
    });
  });

  describe('capacity', () => {
    it('is 0, naming the limit, when the family is already over it', async () => {
      expect(await capacity(ids.dukeDeal)).toEqual({
        dealId: ids.dukeDeal,
        portfolio: 'PL',
        familyId: ids.Duke,
        expectedDate: '2027-03-20',
        currency: 'USD',
        amount: 10e9,
        maxAllocation: 0,
        bindingLimit: { limitId: singleIssuer, name: 'Single issuer 2.5%', scopeLabel: 'Duke Energy Corp' },
        bindingMonth: '2026-12-15',
        reason:
          'The Duke Energy Corp family is already over its "Single issuer 2.5%" limit (USD 230,000,000.00 against USD 225,000,000.00)',
      });
    });

    it('is the room the limit leaves in the month the deal arrives, and in the month a cut takes effect', async () => {
      expect(await capacity(ids.oracleDeal)).toMatchObject({
        maxAllocation: 12_599_999.6,
        bindingMonth: '2027-05-31',
        bindingLimit: { limitId: singleIssuer, scopeLabel: 'Oracle Corp' },
        reason:
          'The "Single issuer 2.5%" limit on the Oracle Corp family binds on 2027-05-31: USD 212,400,000.40 against USD 225,000,000.00 leaves USD 12,599,999.60 for this deal',
      });
      // Cut to 2.4% ($216,000,000.00) from August: version 1 still holds until then.
      await app.as('admin').patch(`/api/limits/${singleIssuer}`).send({ limitPct: 2.4, effectiveFrom: '2027-08-01' }).expect(200);
      expect(await capacity(ids.oracleDeal)).toMatchObject({
        maxAllocation: 3_599_999.6,
        bindingMonth: '2027-08-31',
        bindingLimit: { limitId: singleIssuer },
      });
      // Alphabet at $220,000,000.00: a warning under 2.5%, a projected breach from the cut's first month end.
      const alphabet = await check(singleIssuer, `family:${ids.Alphabet}`);
      expect(alphabet).toMatchObject({ status: 'WARNING', utilizationPct: 97.78, projectedBreachDate: '2027-08-31' });
      expect(alphabet.months.slice(6, 9).map((m) => [m.date, m.limit])).toEqual([
        ['2027-06-30', 225_000_000],
        ['2027-07-31', 225_000_000],
        ['2027-08-31', 216_000_000],
      ]);
    });

    it('names an aggregate limit when it binds first', async () => {
      const technology = await limit('PL', {
        name: 'Technology sector',
        scope: { type: 'SECTOR', sector: 'Technology' },
        basis: 'ABSOLUTE',
        limitAmount: 435_000_000,
      });
      // 435,000,000 - 220,000,000.00 - 212,400,000.40 = 2,599,999.60 from the deal's month
      expect(await capacity(ids.oracleDeal)).toMatchObject({
        maxAllocation: 2_599_999.6,
        bindingMonth: '2027-05-31',
        bindingLimit: { limitId: technology, name: 'Technology sector', scopeLabel: 'Technology' },
        reason:
          'The "Technology sector" limit on the Technology sector binds on 2027-05-31: USD 432,400,000.40 against USD 435,000,000.00 leaves USD 2,599,999.60 for this deal',
      });
    });

    it('refuses a deal dated on or before the as-of date: it is in the holdings already', async () => {
      const past = await deal('68389X', '2026-12-01', 1e9, 1);
      const res = await app.as('viewer').get(`/api/issuance/deals/${past}/capacity?portfolio=PL`).expect(422);
      expect(res.body.message).toBe(
        `Deal ${past} is expected on 2026-12-01, on or before the as-of date 2026-12-15 of portfolio PL's holdings: it is taken to be in the holdings already, so there is no allocation left to size`,
      );
    });

    it('requires the portfolio, and says so in the OpenAPI', async () => {
      const res = await app.as('viewer').get(`/api/issuance/deals/${ids.oracleDeal}/capacity`).expect(400);
      expect(res.body.details).toEqual([
        {
          field: 'portfolio',
          message: 'portfolio is required: the code of the portfolio (e.g. LIFE-GA) whose holdings and limits bound the allocation',
        },
      ]);
      const docs = (await app.anonymous().get('/docs-json').expect(200)).body;
      const parameters = docs.paths['/api/issuance/deals/{id}/capacity'].get.parameters;
      expect(parameters.find((p: { name: string }) => p.name === 'portfolio')).toMatchObject({ in: 'query', required: true });
    });
  });
});
