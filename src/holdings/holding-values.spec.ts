import fc from 'fast-check';
import { cross, parseRate, type Rate } from '../risk/fx.js';
import type { HoldingRow } from './holding-row.js';
import { holdingValues, HOLDING_TABLE_COLUMNS, type HoldingRates } from './holding-values.js';
import { BatchBuilder } from './holdings-reader.js';
import { SnapshotBuckets } from './snapshot-buckets.js';

const column = (name: (typeof HOLDING_TABLE_COLUMNS)[number]) => HOLDING_TABLE_COLUMNS.indexOf(name);
const WIDTH = HOLDING_TABLE_COLUMNS.length;

const lot = (r: Partial<HoldingRow>): HoldingRow => ({
  rowNo: 2,
  assetType: 'BOND',
  cusip: '30303MAA0',
  isin: null,
  issuerCusip6: '30303M',
  issuerName: 'Meta Platforms Inc',
  issuerLei: null,
  parentLei: null,
  parentName: null,
  parCents: 0,
  marketCents: 0,
  bookCents: 0,
  currency: 'EUR',
  maturityDate: '2035-11-15',
  couponRate: 4.875,
  naicDesignation: '1.D',
  sector: 'Technology',
  asOfDate: '2026-11-30',
  ...r,
});

function batchOf(rows: HoldingRow[]) {
  const batch = new BatchBuilder();
  rows.forEach((row, i) =>
    batch.add({ ...row, rowNo: i + 2 }, { name: row.issuerName, lei: null, cusip6: null, key: 1, parentLei: null, parentName: null }),
  );
  return batch.take('2026-11-30');
}

/** The exact rational cents x num / den, rounded half away from zero: the SPEC's figure, by other means than the code's. */
function exactRounded(cents: bigint, { num, den }: Rate): bigint {
  const twice = (2n * cents * num) / den; // floor(2x) for x >= 0
  return (twice + 1n) / 2n; // floor(x + 1/2): half up, which for x >= 0 is half away from zero
}

const amount = fc.integer({ min: 0, max: 1e15 });
/** A rate as the ECB writes them (up to 6 significant digits, 0.0001 to 30,000), or crossed through the euro from two such. */
const ecbRate = fc
  .tuple(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 0, max: 8 }))
  .map(([digits, decimals]) => parseRate((digits / 10 ** decimals).toFixed(decimals))!)
  .filter((rate) => rate.num * 10_000n >= rate.den && rate.num <= 30_000n * rate.den);
const rate = fc.oneof(
  ecbRate,
  fc.tuple(ecbRate, ecbRate).map(([viaToFrom, viaToTo]) => cross(viaToFrom, viaToTo)),
);

describe('holdings converted to the base currency', () => {
  it('converts each holding once, exactly, rounded half away from zero to the cent, then sums: for any amounts and rates', () => {
    fc.assert(
      fc.property(rate, fc.array(fc.tuple(amount, amount, amount), { minLength: 1, maxLength: 40 }), (eurToUsd, amounts) => {
        const rates: HoldingRates = { base: 'USD', rateOf: () => eurToUsd };
        const rows = amounts.map(([parCents, marketCents, bookCents]) => lot({ parCents, marketCents, bookCents }));
        let values;
        try {
          values = holdingValues(batchOf(rows), 1, () => 7, rates);
        } catch {
          // Only a converted amount past 2^53 cents is refused (a rate of 30,000 on ten trillion).
          return amounts.some((a) => a.some((cents) => exactRounded(BigInt(cents), eurToUsd) > BigInt(Number.MAX_SAFE_INTEGER)));
        }
        const expected = amounts.map((a) => a.map((cents) => exactRounded(BigInt(cents), eurToUsd)));
        amounts.forEach((a, i) => {
          const row = values.slice(i * WIDTH, (i + 1) * WIDTH);
          expect(
            [row[column('par_cents')], row[column('market_cents')], row[column('book_cents')]].map((v) => BigInt(v as number)),
          ).toEqual(expected[i]);
          expect([row[column('original_par_cents')], row[column('original_market_cents')], row[column('original_book_cents')]]).toEqual(a);
          expect(row[column('currency')]).toBe('EUR');
        });
        const totals = [0, 1, 2].map((k) => expected.reduce((sum, converted) => sum + converted[k], 0n));
        // The buckets refuse what adds up past 2^53 cents (tested with the buckets).
        if (totals[0] + totals[1] + totals[2] > BigInt(Number.MAX_SAFE_INTEGER)) return true;
        const buckets = new SnapshotBuckets();
        buckets.addRows(values);
        expect([...buckets.all('2026-11-30')].map((b) => [b.parCents, b.marketCents, b.bookCents].map(BigInt))).toEqual([totals]);
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('takes a row in the base currency as it is, with no original amounts', () => {
    const rates: HoldingRates = {
      base: 'EUR',
      rateOf: () => {
        throw new Error('no rate is looked up for the base currency');
      },
    };
    const values = holdingValues(batchOf([lot({ parCents: 105, marketCents: 100, bookCents: 101 })]), 1, () => 7, rates);
    expect([column('par_cents'), column('market_cents'), column('book_cents')].map((i) => values[i])).toEqual([105, 100, 101]);
    expect([column('original_par_cents'), column('original_market_cents'), column('original_book_cents')].map((i) => values[i])).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('refuses an amount that converted passes 2^53 cents, naming its row and column', () => {
    const rates: HoldingRates = { base: 'IDR', rateOf: () => parseRate('17500.5')! };
    expect(() => holdingValues(batchOf([lot({ parCents: 1, marketCents: 1e15, bookCents: 1 })]), 1, () => 7, rates)).toThrow(
      expect.objectContaining({
        statusCode: 422,
        details: [{ row: 2, column: 'market_value', message: expect.stringContaining('converted from EUR into IDR') }],
      }),
    );
  });
});
