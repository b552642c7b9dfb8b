import { modifiedDuration } from '../risk/duration.js';
import type { HoldingRow } from './holding-row.js';
import { parseRate } from '../risk/fx.js';
import { holdingValues, type HoldingRates } from './holding-values.js';
import { BatchBuilder } from './holdings-reader.js';
import { SnapshotBuckets } from './snapshot-buckets.js';

const row = (r: Partial<HoldingRow>): HoldingRow => ({
  rowNo: 2,
  assetType: 'BOND',
  cusip: '30303MAA0',
  isin: null,
  issuerCusip6: '30303M',
  issuerName: 'Meta Platforms Inc',
  issuerLei: null,
  parentLei: null,
  parentName: null,
  parCents: 100,
  marketCents: 90,
  bookCents: 95,
  currency: 'USD',
  maturityDate: '2035-11-15',
  couponRate: 4.875,
  naicDesignation: '1.D',
  sector: 'Technology',
  asOfDate: '2026-11-30',
  ...r,
});

/** USD books; a euro is 1.0866 dollars, a pound 1.2692 (the ECB's 2023-06-30 rates crossed: 0.85805 GBP and 1.0866 USD per EUR, rounded here). */
const RATES: HoldingRates = {
  base: 'USD',
  rateOf: (currency) => parseRate(({ EUR: '1.0866', GBP: '1.2692' } as Record<string, string>)[currency])!,
};

function add(buckets: SnapshotBuckets, holding: HoldingRow, issuerId: number): void {
  const batch = new BatchBuilder();
  batch.add(holding, { name: holding.issuerName, lei: holding.issuerLei, cusip6: null, key: issuerId, parentLei: null, parentName: null });
  buckets.addRows(holdingValues(batch.take(holding.asOfDate), 1, (key) => key, RATES));
}

describe('snapshot buckets', () => {
  it('adds the lots of one security into one bucket, exact to the cent', () => {
    const buckets = new SnapshotBuckets();
    add(buckets, row({ marketCents: 987500055 }), 1);
    add(buckets, row({ marketCents: 493750025 }), 1);
    const dollarDurationCents = Math.round(modifiedDuration(4.875, '2026-11-30', '2035-11-15') * 1481250080);
    expect([...buckets.all('2026-11-30')]).toEqual([
      {
        issuerId: 1,
        assetType: 'BOND',
        maturityMonth: '2035-11',
        couponRate: 4.875,
        naic: 1,
        sector: 'Technology',
        currency: 'USD',
        parCents: 200,
        marketCents: 1481250080,
        bookCents: 190,
        dollarDurationCents,
      },
    ]);
  });

  it('keeps apart rows of the same CUSIP that differ in what the projection uses', () => {
    const buckets = new SnapshotBuckets();
    add(buckets, row({}), 1);
    add(buckets, row({ naicDesignation: '2.A' }), 1);
    add(buckets, row({ maturityDate: '2035-12-15' }), 1);
    add(buckets, row({ cusip: null, isin: null, assetType: 'CDS_PROTECTION', maturityDate: null, couponRate: null }), 1);
    expect([...buckets.all('2026-11-30')].map((b) => [b.naic, b.maturityMonth, b.assetType])).toEqual([
      [1, '2035-11', 'BOND'],
      [2, '2035-11', 'BOND'],
      [1, '2035-12', 'BOND'],
      [1, null, 'CDS_PROTECTION'],
    ]);
  });

  it('joins rows of different securities that fall in the same bucket', () => {
    const buckets = new SnapshotBuckets();
    add(buckets, row({ cusip: '30303MAA0' }), 1);
    add(buckets, row({ cusip: '30303MAB8', maturityDate: '2035-11-30' }), 1);
    expect([...buckets.all('2026-11-30')]).toHaveLength(1);
  });

  it('gives each lot of a bucket the duration to its own maturity date, and protection none', () => {
    // 6% as of 2026-12-15 (test/projection-stress.e2e-spec.ts): 1.1761119289 x 1,000,000,000 + 1.2187722203 x 500,000,000
    const buckets = new SnapshotBuckets();
    const lot = { asOfDate: '2026-12-15', couponRate: 6, cusip: '59491AAA7' };
    add(buckets, row({ ...lot, maturityDate: '2028-03-15', marketCents: 1_000_000_000 }), 1);
    add(buckets, row({ ...lot, maturityDate: '2028-03-31', marketCents: 500_000_000 }), 1);
    add(
      buckets,
      row({
        cusip: null,
        assetType: 'CDS_PROTECTION',
        maturityDate: '2030-06-20',
        couponRate: null,
        marketCents: 0,
        asOfDate: '2026-12-15',
      }),
      1,
    );
    expect([...buckets.all('2026-12-15')].map((b) => [b.assetType, b.marketCents, b.dollarDurationCents])).toEqual([
      ['BOND', 1_500_000_000, 1_785_498_039],
      ['CDS_PROTECTION', 0, 0],
    ]);
  });

  it('keeps each currency in buckets of its own, its amounts converted to the base currency per holding, then summed', () => {
    const buckets = new SnapshotBuckets();
    add(buckets, row({ parCents: 100_000_000_00, marketCents: 98_765_432_10, bookCents: 99_000_000_01 }), 1);
    add(buckets, row({ currency: 'EUR', parCents: 1_000_000_00, marketCents: 987_654_33, bookCents: 5 }), 1);
    add(buckets, row({ currency: 'EUR', parCents: 2_000_000_00, marketCents: 1_500_000_01, bookCents: 5 }), 1);
    add(buckets, row({ currency: 'GBP', parCents: 3_000_000_00, marketCents: 2_999_999_99, bookCents: 1 }), 1);
    expect([...buckets.all('2026-11-30')].map((b) => [b.currency, b.parCents, b.marketCents, b.bookCents])).toEqual([
      ['USD', 100_000_000_00, 98_765_432_10, 99_000_000_01],
      // 1,000,000.00 x 1.0866 = 1,086,600.00 and 2,000,000.00 x 1.0866 = 2,173,200.00;
      // 987,654.33 x 1.0866 = 1,073,185.194978 -> 1,073,185.19 and 1,500,000.01 x 1.0866 = 1,629,900.010866 -> 1,629,900.01;
      // 0.05 x 1.0866 = 0.05433 -> 0.05, twice: 0.10 (the sum converted at once, 0.10866, would be 0.11)
      ['EUR', 3_259_800_00, 2_703_085_20, 10],
      // 3,000,000.00 x 1.2692 = 3,807,600.00; 2,999,999.99 x 1.2692 = 3,807,599.987308 -> 3,807,599.99; 0.01 x 1.2692 -> 0.01
      ['GBP', 3_807_600_00, 3_807_599_99, 1],
    ]);
  });
});
