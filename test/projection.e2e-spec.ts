import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testTargets } from './support/databases.js';
import { fixture, startApp, type TestApp } from './support/app.js';

const HEADER = 'cusip,issuer_name,issuer_lei,par_value,market_value,maturity_date,coupon_rate,naic_designation,sector';

function holdingsFile(lines: string[]): string {
  const path = join(tmpdir(), `holdings-${process.pid}-${Date.now()}-${Math.random()}.csv`);
  writeFileSync(path, [HEADER, ...lines].join('\n'));
  return path;
}

describe.each(testTargets())('limits, deals and the projection on %s', (_name, target) => {
  let app: TestApp;
  let oracleId: number;

  beforeAll(async () => {
    app = await startApp(await target());
    // The hand-worked example: a $9B general account taking 0.3% of each deal.
    await app
      .as('admin')
      .post('/api/portfolios')
      .send({ code: 'P9', name: 'P9', baseCurrency: 'USD', admittedAssets: 9e9, capitalAndSurplus: 9e8, participationRate: 0.003 })
      .expect(201);
    await app
      .as('officer')
      .post('/api/portfolios/P9/holdings')
      .field('asOfDate', '2026-12-15')
      .attach('file', holdingsFile(['68389XCA1,Oracle Corp,1Z4GXXU7ZHVWFCD8TV52,200000000,212400000.40,2040-09-26,5.95,2.A,Technology']))
      .expect(201);
    oracleId = (await app.as('viewer').get('/api/issuers?search=oracle').expect(200)).body.items[0].id;
  });
  afterAll(() => app.close());

  describe('limits', () => {
    let limitId: number;

    it('are created with every field checked, and versioned on change', async () => {
      const created = await app
        .as('admin')
        .post('/api/limits')
        .send({
          name: 'Single issuer 2.5%',
          portfolio: 'P9',
          scope: { type: 'EACH_ISSUER_FAMILY' },
          measure: 'MARKET_VALUE',
          basis: 'PCT_ADMITTED_ASSETS',
          limitPct: 2.5,
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        version: 1,
        portfolio: 'P9',
        warnAtPct: 90,
        limitPct: 2.5,
        limitAmount: null,
        scope: { type: 'EACH_ISSUER_FAMILY', naicMin: null, naicMax: null },
      });
      limitId = created.body.id;
      const changed = await app.as('admin').patch(`/api/limits/${limitId}`).send({ warnAtPct: 80 }).expect(200);
      expect(changed.body).toMatchObject({ id: limitId, version: 2, warnAtPct: 80, limitPct: 2.5 });
      await app.as('admin').patch(`/api/limits/${limitId}`).send({ warnAtPct: 90 }).expect(200);
      const read = await app.as('viewer').get(`/api/limits/${limitId}`).expect(200);
      expect(read.body.version).toBe(3);
      expect(read.body.history.map((v: { version: number; warnAtPct: number }) => [v.version, v.warnAtPct])).toEqual([
        [2, 80],
        [1, 90],
      ]);
      const audit = await app.as('admin').get('/api/audit?entity=limit').expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['limit.update', 'limit.update', 'limit.create']);
    });

    it('refuse what does not fit, naming each field', async () => {
      const res = await app
        .as('admin')
        .post('/api/limits')
        .send({
          name: 'x',
          portfolio: 'NOPE',
          scope: { type: 'GROUP', name: 'AI', issuerIds: [999] },
          measure: 'PAR',
          basis: 'ABSOLUTE',
        });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'limitAmount', message: expect.any(String) }]);
      const semantic = await app
        .as('admin')
        .post('/api/limits')
        .send({
          name: 'x',
          portfolio: 'NOPE',
          scope: { type: 'GROUP', name: 'AI', issuerIds: [999] },
          measure: 'PAR',
          basis: 'ABSOLUTE',
          limitAmount: 5,
        });
      expect(semantic.status).toBe(400);
      expect(semantic.body.details.map((d: { field: string }) => d.field)).toEqual(['portfolio', 'scope']);
      const scope = await app
        .as('admin')
        .post('/api/limits')
        .send({ name: 'x', portfolio: null, scope: { type: 'ISSUER_FAMILY' }, measure: 'PAR', basis: 'ABSOLUTE', limitAmount: 5 });
      expect(new Set(scope.body.details.map((d: { field: string }) => d.field))).toEqual(new Set(['scope.issuerId']));
      expect((await app.as('officer').post('/api/limits').send({})).status).toBe(403);
    });

    it('a deleted limit is gone from the list but its versions stay audited', async () => {
      const temp = await app
        .as('admin')
        .post('/api/limits')
        .send({
          name: 'temp',
          portfolio: null,
          scope: { type: 'SECTOR', sector: 'Utilities' },
          measure: 'PAR',
          basis: 'ABSOLUTE',
          limitAmount: 1000000,
        })
        .expect(201);
      await app.as('admin').delete(`/api/limits/${temp.body.id}`).expect(204);
      expect((await app.as('viewer').get(`/api/limits/${temp.body.id}`)).status).toBe(404);
      expect((await app.as('viewer').get('/api/limits?portfolio=P9').expect(200)).body.items.map((l: { id: number }) => l.id)).toEqual([
        limitId,
      ]);
    });
  });

  describe('the issuance pipeline', () => {
    it('takes the pipeline file of shared/data, resolving issuers by LEI and creating the new ones', async () => {
      const res = await app.as('officer').post('/api/issuance/deals/upload').attach('file', fixture('issuance/pipeline.csv'));
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ deals: 8, issuersCreated: 4 });
      const oracle = await app.as('viewer').get(`/api/issuance/deals?issuerId=${oracleId}`).expect(200);
      expect(
        oracle.body.items.map((d: { expectedDate: string; amount: number; probability: number }) => [
          d.expectedDate,
          d.amount,
          d.probability,
        ]),
      ).toEqual([
        ['2026-02-02', 25000000000, 1],
        ['2026-09-15', 15000000000, 0.7],
      ]);
    });

    it('spreads a run-rate forecast evenly over its months', async () => {
      const res = await app
        .as('officer')
        .post('/api/issuance/forecasts')
        .send({ issuer: 'Microsoft Corp', from: '2027-01-01', to: '2027-03-31', annualAmount: 12000000000, probability: 0.5 });
      expect(res.status).toBe(201);
      expect(res.body.deals.map((d: { expectedDate: string; amount: number }) => [d.expectedDate, d.amount])).toEqual([
        ['2027-01-31', 1000000000],
        ['2027-02-28', 1000000000],
        ['2027-03-31', 1000000000],
      ]);
    });

    it('spreads an annual amount that twelve does not divide so that the months add up to it exactly', async () => {
      const res = await app
        .as('officer')
        .post('/api/issuance/forecasts')
        .send({ issuer: 'Microsoft Corp', from: '2028-01-01', to: '2028-12-31', annualAmount: 1000.01 })
        .expect(201);
      const cents = res.body.deals.map((d: { amount: number }) => Math.round(d.amount * 100));
      expect(cents).toHaveLength(12);
      expect(cents.reduce((a: number, b: number) => a + b, 0)).toBe(100001);
      for (const deal of res.body.deals) await app.as('officer').delete(`/api/issuance/deals/${deal.id}`).expect(204);
    });

    it('lists the three built-in scenarios and keeps them as they are', async () => {
      const res = await app.as('viewer').get('/api/scenarios').expect(200);
      expect(res.body.items.map((s: { name: string }) => s.name)).toEqual(['base', 'full-pipeline', 'stress']);
      expect(res.body.items[2]).toMatchObject({
        issuanceMultiplier: 1.5,
        participationMultiplier: 1.5,
        probabilityOverride: 1,
        spreadShockBp: 30,
      });
      expect((await app.as('admin').patch('/api/scenarios/stress').send({ spreadShockBp: 10 })).status).toBe(409);
      await app.as('admin').post('/api/scenarios').send({ name: 'mild', spreadShockBp: 10 }).expect(201);
    });
  });

  describe('the hand-worked example', () => {
    // Family at $212,400,000.40 under 2.5% x $9B = $225,000,000.00; deal $18B at p = 0.7 on
    // 2027-05-20, participation 0.3%; snapshot 2026-12-15.
    let dealId: number;

    beforeAll(async () => {
      for (const deal of (await app.as('viewer').get('/api/issuance/deals?limit=1000').expect(200)).body.items) {
        await app.as('officer').delete(`/api/issuance/deals/${deal.id}`).expect(204);
      }
      dealId = (
        await app
          .as('officer')
          .post('/api/issuance/deals')
          .send({ issuer: '68389X', expectedDate: '2027-05-20', amount: 18e9, probability: 0.7 })
          .expect(201)
      ).body.id;
    });

    it('projects the breach on 2027-05-31 with probability 0.7', async () => {
      const res = await app.as('viewer').get('/api/portfolios/P9/exposures?scenario=base&horizon=24').expect(200);
      expect(res.body).toMatchObject({ portfolio: 'P9', asOfDate: '2026-12-15', scenario: 'base', horizonMonths: 24 });
      const oracle = res.body.items.find((i: { scopeKey: string }) => i.scopeKey === `family:${oracleId}`);
      expect(oracle).toMatchObject({
        exposure: 212400000.4,
        limit: 225000000,
        headroom: 12599999.6,
        status: 'WARNING',
        projectedStatus: 'BREACH',
        projectedBreachDate: '2027-05-31',
        breachProbability: 0.7,
        probabilityMethod: 'EXACT',
      });
      // From May 2027: 212,400,000.40 + 18B x 0.7 x 0.003 = 212,400,000.40 + 37,800,000 = 250,200,000.40
      expect(oracle.months[5]).toMatchObject({ date: '2027-05-31', exposure: 250200000.4, limit: 225000000, headroom: -25200000.4 });
      expect(oracle.months[4]).toMatchObject({ date: '2027-04-30', exposure: 212400000.4 });
      expect(oracle.months).toHaveLength(24);
    });

    it("gives the headroom as the deal's maxAllocation, bound by the family limit in the deal's month", async () => {
      const res = await app.as('viewer').get(`/api/issuance/deals/${dealId}/capacity?portfolio=P9`).expect(200);
      expect(res.body).toMatchObject({
        dealId,
        portfolio: 'P9',
        familyId: oracleId,
        maxAllocation: 12599999.6,
        bindingLimit: { name: 'Single issuer 2.5%', scopeLabel: 'Oracle Corp' },
        bindingMonth: '2027-05-31',
      });
    });

    it('under full-pipeline the deal is certain', async () => {
      const res = await app.as('viewer').get('/api/portfolios/P9/exposures?scenario=full-pipeline').expect(200);
      const oracle = res.body.items.find((i: { scopeKey: string }) => i.scopeKey === `family:${oracleId}`);
      // 212,400,000.40 + 18B x 0.003 = 266,400,000.40
      expect(oracle.months[5]).toMatchObject({ date: '2027-05-31', exposure: 266400000.4 });
      expect(oracle.breachProbability).toBe(1);
    });

    it('refuses an unknown scenario, a horizon over 120 months, and a portfolio without holdings', async () => {
      expect((await app.as('viewer').get('/api/portfolios/P9/exposures?scenario=nope')).status).toBe(404);
      expect((await app.as('viewer').get('/api/portfolios/P9/exposures?horizon=121')).body.details).toEqual([
        { field: 'horizon', message: expect.any(String) },
      ]);
      await app
        .as('admin')
        .post('/api/portfolios')
        .send({ code: 'EMPTY', name: 'E', baseCurrency: 'USD', admittedAssets: 1, capitalAndSurplus: 1, participationRate: 0 })
        .expect(201);
      expect((await app.as('viewer').get('/api/portfolios/EMPTY/exposures')).status).toBe(409);
    });
  });
});
