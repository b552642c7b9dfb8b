import { ISO_4217_RULE } from '../common/currencies.js';
import { HOLDING_COLUMNS } from '../files/holding-columns.js';
import { HoldingsLayout, type HoldingRow, type RowResult } from './holding-row.js';
import { APPLE_CUSIP, AS_OF, BOND, readRow, type Fields } from './holding-row.fixtures.js';

const APPLE_ISIN = 'US0378331005';
const LEI = 'BQ4BKCS1HXDV9HN80Z93';
const PARENT_LEI = '5493006MHB84DD0ZWV18';

function readOk(fields: Fields, options?: Parameters<typeof readRow>[1]): HoldingRow {
  const result = readRow(fields, options);
  expect(result.problems).toBeUndefined();
  return result.row!;
}

function problemColumns(result: RowResult): string[] {
  expect(result.row).toBeUndefined();
  return (result.problems ?? []).map((p) => p.column);
}

describe('HoldingsLayout.fromHeader', () => {
  it('reads the columns in any order', () => {
    const header = [...HOLDING_COLUMNS].reverse();
    const row = readOk({ ...BOND, book_value: '950000', coupon_rate: '4.875' }, { header });
    expect(row).toMatchObject({
      cusip: APPLE_CUSIP,
      parCents: 100_000_000,
      marketCents: 98_765_432,
      bookCents: 95_000_000,
      couponRate: 4.875,
    });
  });

  it.each(['Par Value', 'PAR_VALUE', ' par-value ', 'Par  value'])('recognises %j as par_value', (name) => {
    const { layout, problems } = HoldingsLayout.fromHeader(['CUSIP', 'Issuer Name', name, 'Market Value', 'Maturity Date']);
    expect(problems).toEqual([]);
    expect(layout.warnings).toEqual([]);
    const result = layout.read(2, [APPLE_CUSIP, 'Apple Inc.', '12.5', '10', '2030-01-01'], AS_OF);
    expect(result.row?.parCents).toBe(1250);
  });

  it('sets unknown columns aside with a warning naming them', () => {
    const { layout, problems } = HoldingsLayout.fromHeader([
      'cusip',
      ' Trader ',
      'issuer_name',
      'par_value',
      'Desk Code',
      'market_value',
      'maturity_date',
    ]);
    expect(problems).toEqual([]);
    expect(layout.warnings).toEqual(['Unknown columns ignored: Trader, Desk Code']);
    const result = layout.read(2, [APPLE_CUSIP, 'J. Smith', 'Apple Inc.', '1', 'D-7', '2', '2030-01-01'], AS_OF);
    expect(result.row).toMatchObject({ issuerName: 'Apple Inc.', parCents: 100, marketCents: 200 });
  });

  it('ignores blank header cells', () => {
    const { layout, problems } = HoldingsLayout.fromHeader(['cusip', '', 'issuer_name', '  ', 'par_value', 'market_value']);
    expect(problems).toEqual([]);
    expect(layout.warnings).toEqual([]);
  });

  it('reports a duplicate column on row 1 with its name', () => {
    const { problems } = HoldingsLayout.fromHeader(['cusip', 'issuer_name', 'Par Value', 'market_value', 'PAR_VALUE']);
    expect(problems).toEqual([{ row: 1, column: 'par_value', message: expect.stringContaining('twice') }]);
  });

  it.each(['issuer_name', 'par_value', 'market_value'] as const)('reports a missing %s column on row 1', (missing) => {
    const header = ['cusip', 'issuer_name', 'par_value', 'market_value'].filter((c) => c !== missing);
    const { problems } = HoldingsLayout.fromHeader(header);
    expect(problems).toEqual([{ row: 1, column: missing, message: expect.stringContaining(missing) }]);
  });

  it('reports every missing required column at once', () => {
    const { problems } = HoldingsLayout.fromHeader(['sector']);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [1, 'issuer_name'],
      [1, 'par_value'],
      [1, 'market_value'],
      [1, 'cusip'],
    ]);
  });

  it('needs a cusip or an isin column, but either one will do', () => {
    expect(HoldingsLayout.fromHeader(['issuer_name', 'par_value', 'market_value']).problems).toEqual([
      { row: 1, column: 'cusip', message: expect.stringMatching(/cusip or an isin/) },
    ]);
    expect(HoldingsLayout.fromHeader(['isin', 'issuer_name', 'par_value', 'market_value']).problems).toEqual([]);
  });
});

describe('HoldingsLayout.read examples', () => {
  it('reads a full bond row', () => {
    const row = readOk(
      {
        ...BOND,
        isin: APPLE_ISIN,
        issuer_lei: LEI,
        ultimate_parent_lei: PARENT_LEI,
        ultimate_parent_name: 'Apple Holdings',
        book_value: '990000.1',
        currency: 'USD',
        coupon_rate: '3.25',
        naic_designation: '1.b',
        sector: 'Technology',
        asset_type: 'bond',
        as_of_date: AS_OF,
      },
      { rowNo: 7 },
    );
    expect(row).toEqual({
      rowNo: 7,
      assetType: 'BOND',
      cusip: APPLE_CUSIP,
      isin: APPLE_ISIN,
      issuerCusip6: '037833',
      issuerName: 'Apple Inc.',
      issuerLei: LEI,
      parentLei: PARENT_LEI,
      parentName: 'Apple Holdings',
      parCents: 100_000_000,
      marketCents: 98_765_432,
      bookCents: 99_000_010,
      currency: 'USD',
      maturityDate: '2030-05-06',
      couponRate: 3.25,
      naicDesignation: '1.B',
      sector: 'Technology',
      asOfDate: AS_OF,
    });
  });

  it('reads a CDS_PROTECTION row with no CUSIP, ISIN or maturity', () => {
    const row = readOk({
      asset_type: 'CDS_PROTECTION',
      issuer_name: 'Ford Motor Co',
      issuer_lei: LEI,
      par_value: '5000000',
      market_value: '120000',
    });
    expect(row).toMatchObject({
      assetType: 'CDS_PROTECTION',
      cusip: null,
      isin: null,
      issuerCusip6: null,
      maturityDate: null,
      issuerLei: LEI,
    });
  });

  it('refuses a bond with neither CUSIP nor ISIN', () => {
    expect(problemColumns(readRow({ ...BOND, cusip: '' }))).toEqual(['cusip']);
  });

  it('takes the issuer CUSIP-6 from inside a US ISIN given alone', () => {
    const row = readOk({ ...BOND, cusip: '', isin: ' us0378331005 ' });
    expect(row).toMatchObject({ cusip: null, isin: APPLE_ISIN, issuerCusip6: '037833' });
  });

  it('refuses an ISIN that carries another CUSIP than the row', () => {
    const result = readRow({ ...BOND, isin: 'US5949181045' });
    expect(problemColumns(result)).toEqual(['isin']);
    expect(result.problems![0].message).toContain('594918104');
  });

  it('defaults book_value to market_value', () => {
    const row = readOk({ ...BOND, book_value: '' });
    expect(row.bookCents).toBe(row.marketCents);
    expect(row.bookCents).toBe(98_765_432);
  });

  it('accepts a lower-case usd and defaults the currency to USD', () => {
    expect(readOk({ ...BOND, currency: 'usd' }).currency).toBe('USD');
    expect(readOk({ ...BOND, currency: '' }).currency).toBe('USD');
  });

  it('takes any ISO 4217 code, in any case, and refuses anything else by its column', () => {
    expect(readOk({ ...BOND, currency: 'EUR' }).currency).toBe('EUR');
    expect(readOk({ ...BOND, currency: 'gbp' }).currency).toBe('GBP');
    expect(readOk({ ...BOND, currency: 'JPY' }).currency).toBe('JPY');
    for (const wrong of ['EURO', 'XXX', 'US$', 'EU', 'DEM']) {
      const result = readRow({ ...BOND, currency: wrong });
      expect(result.problems).toEqual([{ row: 2, column: 'currency', message: `"${wrong}" ${ISO_4217_RULE}` }]);
    }
  });

  it('refuses a maturity on the as-of date, and accepts the day after', () => {
    const result = readRow({ ...BOND, maturity_date: AS_OF });
    expect(result.problems).toEqual([{ row: 2, column: 'maturity_date', message: expect.stringContaining(AS_OF) }]);
    expect(readOk({ ...BOND, maturity_date: '2026-12-01' }).maturityDate).toBe('2026-12-01');
  });

  it('requires a maturity for a bond', () => {
    expect(problemColumns(readRow({ ...BOND, maturity_date: '' }))).toEqual(['maturity_date']);
  });

  it('refuses an as_of_date column that differs from the upload date', () => {
    const result = readRow({ ...BOND, as_of_date: '2026-10-31' });
    expect(result.problems).toEqual([{ row: 2, column: 'as_of_date', message: expect.stringContaining('2026-10-31') }]);
    expect(readOk({ ...BOND, as_of_date: AS_OF }).asOfDate).toBe(AS_OF);
  });

  it('takes the as-of date from the row when the upload has none, and needs one somewhere', () => {
    expect(readOk({ ...BOND, as_of_date: '2026-09-30' }, { asOf: null }).asOfDate).toBe('2026-09-30');
    expect(problemColumns(readRow(BOND, { asOf: null }))).toEqual(['as_of_date']);
  });

  it('reports every problem of a row, each with its row number and column', () => {
    const result = readRow(
      {
        cusip: '037833101',
        issuer_name: '',
        issuer_lei: 'BQ4BKCS1HXDV9HN80Z00',
        par_value: '-5',
        market_value: '1.234',
        currency: 'EURO',
        maturity_date: '2026-02-30',
        coupon_rate: '101',
        naic_designation: '7',
        asset_type: 'SWAP',
      },
      { rowNo: 42 },
    );
    expect(result.row).toBeUndefined();
    expect(result.problems!.every((p) => p.row === 42)).toBe(true);
    expect(new Set(problemColumns(result))).toEqual(
      new Set([
        'asset_type',
        'cusip',
        'issuer_name',
        'issuer_lei',
        'par_value',
        'market_value',
        'currency',
        'maturity_date',
        'coupon_rate',
        'naic_designation',
      ]),
    );
    expect(result.problems!.find((p) => p.column === 'market_value')!.message).toContain('"1.234"');
    expect(result.problems!.find((p) => p.column === 'issuer_name')!.message).toBe('is required');
  });

  it('says a missing amount is required', () => {
    expect(readRow({ ...BOND, par_value: '' }).problems).toEqual([{ row: 2, column: 'par_value', message: 'is required' }]);
  });
});
