import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, type TestApp } from './app.js';

/**
 * The ECB's reference rates of test/fixtures/fx/eurofxref-hist.csv (units per 1 EUR), as the tests
 * work their figures out by hand:
 *   2025-11-27 (Thu): USD 1.1594, GBP 0.87690
 *   2025-11-28 (Fri): USD 1.1581, GBP 0.87650   <- the rate of Saturday 2025-11-29 and Sunday 2025-11-30
 *   2025-12-01 (Mon): USD 1.1609, GBP 0.87755   <- the last: a date after 2025-12-08 has none
 */
export async function uploadEcbRates(app: TestApp): Promise<void> {
  const res = await app.as('officer').post('/api/fx-rates').attach('file', fixture('fx/eurofxref-hist.csv'));
  if (res.status !== 201) throw new Error(`the rates upload answered ${res.status}: ${JSON.stringify(res.body)}`);
}

export const HOLDINGS_HEADER =
  'cusip,issuer_name,par_value,market_value,book_value,currency,maturity_date,naic_designation,sector,asset_type';

/** A holdings file of these lines (below HOLDINGS_HEADER), in a temporary folder. */
export function holdingsFile(lines: string[]): string {
  const path = join(tmpdir(), `fx-holdings-${process.pid}-${Date.now()}-${Math.random()}.csv`);
  writeFileSync(path, [HOLDINGS_HEADER, ...lines].join('\n'));
  return path;
}

export async function createPortfolio(app: TestApp, code: string, baseCurrency: string, participationRate = 0.001): Promise<void> {
  const res = await app
    .as('admin')
    .post('/api/portfolios')
    .send({ code, name: code, baseCurrency, admittedAssets: 1e9, capitalAndSurplus: 1e8, participationRate });
  if (res.status !== 201) throw new Error(`creating ${code} answered ${res.status}: ${JSON.stringify(res.body)}`);
}

export function uploadHoldings(app: TestApp, code: string, file: string, asOfDate: string) {
  return app.as('officer').post(`/api/portfolios/${code}/holdings`).field('asOfDate', asOfDate).attach('file', file);
}

/** What a refused upload must leave as it was. */
export async function storedCounts(app: TestApp): Promise<number[]> {
  return [await app.count('snapshots'), await app.count('holdings'), await app.count('snapshot_buckets'), await app.count('issuers')];
}
