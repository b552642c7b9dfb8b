import fc from 'fast-check';
import { cusipCheckDigit, isinCheckDigit, leiCheckDigits } from '../common/identifiers.js';
import { formatCents } from '../common/money.js';
import { HOLDING_COLUMNS } from '../files/holding-columns.js';
import { HoldingsLayout, type HoldingRow, type RowResult } from './holding-row.js';

type Column = (typeof HOLDING_COLUMNS)[number];
type Fields = Partial<Record<Column, string>>;

const AS_OF = '2026-11-30';
const APPLE_CUSIP = '037833100';
const APPLE_ISIN = 'US0378331005';
const LEI = 'BQ4BKCS1HXDV9HN80Z93';
const PARENT_LEI = '5493006MHB84DD0ZWV18';

function layoutFor(header: readonly string[]): HoldingsLayout {
  const { layout, problems } = HoldingsLayout.fromHeader([...header]);
  expect(problems).toEqual([]);
  return layout;
}

/** Reads one data row laid out in `header` order (canonical column names). */
function readRow(fields: Fields, options: { header?: readonly Column[]; rowNo?: number; asOf?: string | null } = {}): RowResult {
  const header = options.header ?? HOLDING_COLUMNS;
  const cells = header.map((column) => fields[column] ?? '');
  return layoutFor(header).read(options.rowNo ?? 2, cells, options.asOf === undefined ? AS_OF : options.asOf);
}

function readOk(fields: Fields, options?: Parameters<typeof readRow>[1]): HoldingRow {
  const result = readRow(fields, options);
  expect(result.problems).toBeUndefined();
  return result.row!;
}

function problemColumns(result: RowResult): string[] {
  expect(result.row).toBeUndefined();
  return (result.problems ?? []).map((p) => p.column);
}

const BOND: Fields = {
  cusip: APPLE_CUSIP,
  issuer_name: 'Apple Inc.',
  par_value: '1,000,000.00',
  market_value: '987654.32',
  maturity_date: '2030-05-06',
};

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

  it('refuses EUR on the currency column', () => {
    const result = readRow({ ...BOND, currency: 'EUR' });
    expect(result.problems).toEqual([{ row: 2, column: 'currency', message: expect.stringContaining('EUR') }]);
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
        currency: 'EUR',
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

// ---------------------------------------------------------------------------------------------
// Property tests

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NAIC_DESIGNATIONS = [
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  ...'ABCDEFG'.split('').map((c) => `1.${c}`),
  ...[2, 3, 4, 5].flatMap((n) => 'ABC'.split('').map((c) => `${n}.${c}`)),
];

const charsFrom = (alphabet: string, length: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length }).map((chars) => chars.join(''));

const cusipArb = charsFrom(ALNUM, 8).map((body) => body + cusipCheckDigit(body));
const isinArb = fc
  .tuple(charsFrom(LETTERS, 2), charsFrom(ALNUM, 9))
  .map(([country, rest]) => country + rest + isinCheckDigit(country + rest));
const leiArb = charsFrom(ALNUM, 18).map((body) => body + leiCheckDigits(body));
const centsArb = fc.integer({ min: 0, max: 1e13 });
const maturityArb = fc
  .record({ year: fc.integer({ min: 2027, max: 2070 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
    return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, days)).padStart(2, '0')}`;
  });
/** Thousandths of a percent, 0..100.000, written with 0 to 3 decimals. */
const couponArb = fc.integer({ min: 0, max: 100_000 }).chain((thousandths) => {
  const whole = String(Math.floor(thousandths / 1000));
  const fraction = String(thousandths % 1000).padStart(3, '0');
  const decimalsNeeded = fraction.replace(/0+$/, '').length;
  return fc.integer({ min: decimalsNeeded, max: 3 }).map((decimals) => ({
    text: decimals ? `${whole}.${fraction.slice(0, decimals)}` : whole,
    value: thousandths / 1000,
  }));
});
/** Free text as a cell holds it: already trimmed, within the column's length limit. */
const textArb = (max: number) =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.length > 0 && s.length <= max);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const validRowArb = fc.record({
  assetType: fc.constantFrom('BOND', 'CDS_PROTECTION'),
  assetTypeText: fc.constantFrom('', 'as-is', 'lower'),
  cusip: cusipArb,
  withIsin: fc.boolean(),
  issuerName: textArb(300),
  issuerLei: optional(leiArb),
  parentLei: optional(leiArb),
  parentName: optional(textArb(300)),
  parCents: centsArb,
  marketCents: centsArb,
  bookCents: optional(centsArb),
  currency: fc.constantFrom('', 'USD', 'usd', 'Usd'),
  maturityDate: maturityArb,
  coupon: optional(couponArb),
  naic: optional(fc.constantFrom(...NAIC_DESIGNATIONS)),
  naicLower: fc.boolean(),
  sector: optional(textArb(100)),
  asOfInRow: fc.boolean(),
  rowNo: fc.integer({ min: 2, max: 1_000_000 }),
  header: fc.shuffledSubarray([...HOLDING_COLUMNS], { minLength: HOLDING_COLUMNS.length }),
});

describe('HoldingsLayout.read properties', () => {
  it('reads any valid row back exactly', () => {
    fc.assert(
      fc.property(validRowArb, (g) => {
        // A BOND row may leave asset_type blank; CDS_PROTECTION must be spelled out.
        const assetTypeText =
          g.assetType === 'BOND' && g.assetTypeText === '' ? '' : g.assetTypeText === 'lower' ? g.assetType.toLowerCase() : g.assetType;
        const isin = g.withIsin ? `US${g.cusip}${isinCheckDigit(`US${g.cusip}`)}` : null;
        const fields: Fields = {
          cusip: g.cusip,
          isin: isin ?? '',
          issuer_name: g.issuerName,
          issuer_lei: g.issuerLei ?? '',
          ultimate_parent_lei: g.parentLei ?? '',
          ultimate_parent_name: g.parentName ?? '',
          par_value: formatCents(g.parCents),
          market_value: formatCents(g.marketCents),
          book_value: g.bookCents === null ? '' : formatCents(g.bookCents),
          currency: g.currency,
          maturity_date: g.maturityDate,
          coupon_rate: g.coupon?.text ?? '',
          naic_designation: g.naic === null ? '' : g.naicLower ? g.naic.toLowerCase() : g.naic,
          sector: g.sector ?? '',
          asset_type: assetTypeText,
          as_of_date: g.asOfInRow ? AS_OF : '',
        };
        const header = g.header as Column[];
        const cells = header.map((column) => fields[column] ?? '');
        const result = HoldingsLayout.fromHeader(header).layout.read(g.rowNo, cells, AS_OF);
        expect(result.problems).toBeUndefined();
        expect(result.row).toEqual({
          rowNo: g.rowNo,
          assetType: g.assetType,
          cusip: g.cusip,
          isin,
          issuerCusip6: g.cusip.slice(0, 6),
          issuerName: g.issuerName,
          issuerLei: g.issuerLei,
          parentLei: g.parentLei,
          parentName: g.parentName,
          parCents: g.parCents,
          marketCents: g.marketCents,
          bookCents: g.bookCents ?? g.marketCents,
          currency: 'USD',
          maturityDate: g.maturityDate,
          couponRate: g.coupon?.value ?? null,
          naicDesignation: g.naic,
          sector: g.sector,
          asOfDate: AS_OF,
        } satisfies HoldingRow);
      }),
      { numRuns: 300 },
    );
  });

  /** A valid identifier for the column, and how many check digits end it. */
  const identifierCases: [Column, fc.Arbitrary<string>, number][] = [
    ['cusip', cusipArb, 1],
    ['isin', isinArb, 1],
    ['issuer_lei', leiArb, 2],
    ['ultimate_parent_lei', leiArb, 2],
  ];

  it.each(identifierCases)('refuses any %s whose check digit(s) are changed', (column, validArb, checkLength) => {
    const mutatedArb = fc
      .tuple(validArb, fc.integer({ min: 0, max: 10 ** checkLength - 1 }))
      .map(([valid, n]) => ({ valid, mutated: valid.slice(0, -checkLength) + String(n).padStart(checkLength, '0') }))
      .filter(({ valid, mutated }) => valid !== mutated);
    fc.assert(
      fc.property(mutatedArb, fc.boolean(), ({ mutated }, lowerCase) => {
        // Only the mutated identifier identifies the security, so nothing else can be wrong.
        const fields: Fields = { ...BOND, cusip: '', [column]: lowerCase ? mutated.toLowerCase() : mutated };
        if (column !== 'cusip' && column !== 'isin') fields.cusip = APPLE_CUSIP;
        const result = readRow(fields, { rowNo: 5 });
        expect(result.row).toBeUndefined();
        expect(result.problems).toContainEqual({ row: 5, column, message: expect.stringContaining(mutated) });
      }),
      { numRuns: 300 },
    );
  });
});
