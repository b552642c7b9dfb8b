import { fixture, type TestApp } from './app.js';

/**
 * Portfolio NAIC: admitted assets $100,000,000.00, so 3% is $3,000,000.00, 1% $1,000,000.00 and
 * 0.5% $500,000.00. Book values (the model law's admitted values) from holdings/ok/naic-model-law.csv:
 *   Oracle    NAIC 1.G 2,000,000.00 + NAIC 1.F 400,000.00 + NAIC 4.B private placement 600,000.37 = 3,000,000.37
 *             (by market value (1,950,000 x 1 + 410,000 x 1 + 590,000 x 4) / 2,950,000 = 1.6: a NAIC 2 family)
 *   Carvana   NAIC 5.B 1,200,000.05 + NAIC 3.A 300,000.00 = 1,500,000.05 (family NAIC 5)
 *   Rite Aid  NAIC 6 1,100,000.00
 *   Duke      NAIC 2.A 2,500,000.00 + NAIC 3.B 700,000.00 = 3,200,000.00 (family NAIC 3)
 */
export const NAIC_PORTFOLIO = 'NAIC';

/** The portfolio above (or another of the same terms, from another holdings file). */
export async function naicPortfolio(app: TestApp, code = NAIC_PORTFOLIO, holdings = 'holdings/ok/naic-model-law.csv'): Promise<void> {
  await app
    .as('admin')
    .post('/api/portfolios')
    .send({
      code,
      name: 'Life general account',
      baseCurrency: 'USD',
      admittedAssets: 100_000_000,
      capitalAndSurplus: 10_000_000,
      participationRate: 0.01,
    })
    .expect(201);
  await app
    .as('officer')
    .post(`/api/portfolios/${code}/holdings`)
    .field('asOfDate', '2026-11-30')
    .attach('file', fixture(holdings))
    .expect(201);
}

/** A limit the admin creates, at book value (the model law's admitted values) against a % of admitted assets unless the body says otherwise. */
export async function bookLimit(app: TestApp, body: object, portfolio = NAIC_PORTFOLIO) {
  const res = await app
    .as('admin')
    .post('/api/limits')
    .send({ portfolio, measure: 'BOOK_VALUE', basis: 'PCT_ADMITTED_ASSETS', ...body })
    .expect(201);
  return res.body;
}

export interface ExposureItem {
  limitId: number;
  limitName: string;
  scopeKey: string;
  scope: string;
  familyIds: number[];
  exposure: number;
  limit: number;
  utilizationPct: number;
  status: string;
  months: Array<{ date: string; exposure: number; limit: number }>;
}

export async function exposures(app: TestApp, portfolio = NAIC_PORTFOLIO): Promise<ExposureItem[]> {
  return (await app.as('viewer').get(`/api/portfolios/${portfolio}/exposures`).expect(200)).body.items;
}

export async function issuerIdOf(app: TestApp, search: string): Promise<number> {
  return (
    await app
      .as('viewer')
      .get(`/api/issuers?search=${encodeURIComponent(search)}`)
      .expect(200)
  ).body.items[0].id;
}
