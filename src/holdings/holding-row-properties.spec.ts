import fc from 'fast-check';
import { cusipCheckDigit, isinCheckDigit, leiCheckDigits } from '../common/identifiers.js';
import { formatCents } from '../common/money.js';
import { HOLDING_COLUMNS, type HoldingColumn as Column } from '../files/holding-columns.js';
import { HoldingsLayout, type HoldingRow } from './holding-row.js';
import { APPLE_CUSIP, AS_OF, BOND, readRow, type Fields } from './holding-row.fixtures.js';

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
