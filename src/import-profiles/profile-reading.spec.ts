import { UploadRejected } from '../common/errors.js';
import { HoldingsLayout } from '../holdings/holding-row.js';
import { CUSTODIAN_EU, SPREADSHEET } from '../../test/support/import-profiles.js';
import { ProfileReading, type ImportProfile } from './profile-reading.js';

const FUND: ImportProfile = { ...SPREADSHEET, numberFormat: '1,234.56' };
const EUROPEAN: ImportProfile = { ...CUSTODIAN_EU, numberFormat: '1.234,56', include: null };
const HEADER = ['Name', 'Sector', 'Asset Class', 'Market Value', 'Par Value', 'CUSIP', 'ISIN', 'Maturity', 'Coupon (%)', 'Currency'];
const AS_OF = '2026-11-30';

function layoutOf(profile: ImportProfile = FUND, header: string[] = HEADER): HoldingsLayout {
  const mapped = new ProfileReading(profile).header(header, 4);
  expect(mapped).not.toBeNull();
  return HoldingsLayout.mapped(mapped!);
}

describe('ProfileReading', () => {
  it('takes the first line that holds every mapped header as the header, whatever the case, spacing or order', () => {
    const reading = new ProfileReading(FUND);
    expect(reading.header(['Fund Holdings as of', 'Nov 28, 2026'], 1)).toBeNull();
    expect(reading.header(['Name', 'Market Value'], 2)).toBeNull();
    expect(
      reading.header(
        [' coupon  (%) ', 'name', 'ASSET CLASS', 'par value', 'market_value', 'cusip', 'isin', 'maturity', 'sector', ' CURRENCY'],
        3,
      ),
    ).not.toBeNull();
  });

  it('refuses a header that has a mapped column twice, naming it and its line', () => {
    const header = [...HEADER, 'Market Value'];
    expect(() => new ProfileReading(FUND).header(header, 7)).toThrow(UploadRejected);
    try {
      new ProfileReading(FUND).header(header, 7);
    } catch (err) {
      expect((err as UploadRejected).details).toEqual([
        { row: 7, column: 'Market Value', message: 'this column appears twice in the header: the profile cannot tell which to read' },
      ]);
    }
  });

  it('skips rows the include filter leaves out (any case) and single-cell notes', () => {
    const reading = new ProfileReading(FUND);
    reading.header(HEADER, 4);
    expect(reading.skips(['USD CASH', 'Cash', 'Cash'])).toBe(true);
    expect(reading.skips(['GS', 'Banking', 'fixed income '])).toBe(false);
    expect(reading.skips(['The content contained herein is owned or licensed...'])).toBe(true);
  });

  it('reads quoted thousands, empty markers and two-digit maturities after the as-of date', () => {
    const row = [
      'NORFOLK SOUTHERN CORP',
      'Transportation',
      'Fixed Income',
      '4,102,030.45',
      '6,000,000.00',
      '655844BZ0',
      'US655844BZ09',
      '15-Sep-15',
      '-',
    ];
    const result = layoutOf().read(5, row, AS_OF);
    expect(result.problems).toBeUndefined();
    expect(result.row).toMatchObject({
      issuerName: 'NORFOLK SOUTHERN CORP',
      marketCents: 410203045,
      parCents: 600000000,
      maturityDate: '2115-09-15',
      couponRate: null,
      cusip: '655844BZ0',
    });
  });

  it('says what the file had, in its own column names', () => {
    const row = ['FORD MOTOR CREDIT', 'Consumer', 'Fixed Income', '12,345,678.905', '-', '3.45E+71', 'US345397E664', '31-Feb-31', '6.95'];
    expect(layoutOf().read(12, row, AS_OF).problems).toEqual([
      {
        row: 12,
        column: 'CUSIP',
        message: 'CUSIP 3.45E+71 (column CUSIP) is not a CUSIP; the ISIN US345397E664 carries 345397E66',
      },
      { row: 12, column: 'Par Value', message: 'par value (column Par Value) is required' },
      {
        row: 12,
        column: 'Market Value',
        message: 'market value 12,345,678.905 (column Market Value) must be a non-negative amount with at most 2 decimals',
      },
      { row: 12, column: 'Maturity', message: 'maturity date 31-Feb-31 (column Maturity) must be a real date D-MMM-YY' },
    ]);
  });

  it('takes identifiers as written: a spreadsheet\'s "88732Jan8" is no CUSIP', () => {
    const row = ['TIME WARNER CABLE LLC', 'Communications', 'Fixed Income', '1.00', '1.00', '88732Jan8', 'US88732JAN81', '1-Sep-42', '5.5'];
    expect(layoutOf().read(13, row, AS_OF).problems).toEqual([
      {
        row: 13,
        column: 'CUSIP',
        message: 'CUSIP 88732Jan8 (column CUSIP) is not a CUSIP; the ISIN US88732JAN81 carries 88732JAN8',
      },
    ]);
  });

  it('names a bad CUSIP once, without the ISIN to tell the right one', () => {
    const row = ['FORD MOTOR CREDIT', 'Consumer', 'Fixed Income', '1.00', '1.00', '3.45E+71', '-', '4-Nov-31', '6.95'];
    expect(layoutOf().read(12, row, AS_OF).problems).toEqual([
      { row: 12, column: 'CUSIP', message: 'CUSIP 3.45E+71 (column CUSIP) is not a CUSIP' },
    ]);
  });

  it('with only the ISIN mapped, stores the CUSIP the ISIN carries', () => {
    const { cusip: _cusip, ...columns } = FUND.columns;
    const row = ['FORD MOTOR CREDIT', 'Consumer', 'Fixed Income', '1.00', '1.00', '3.45E+71', 'US345397E664', '4-Nov-31', '6.95'];
    const result = layoutOf({ ...FUND, columns }).read(12, row, AS_OF);
    expect(result.row).toMatchObject({ cusip: '345397E66', isin: 'US345397E664', issuerCusip6: '345397', maturityDate: '2031-11-04' });
  });

  it('reads a European custodian file: 1.234.567,89 and DD.MM.YYYY', () => {
    const layout = layoutOf(EUROPEAN, ['ISIN', 'Emittent', 'Nominal', 'Kurswert', 'Fälligkeit', 'Kupon', 'Währung']);
    const result = layout.read(5, ['US30303MAA09', 'Meta', '1.234.567,89', '1.219.135,79', '15.11.2035', '4,875'], AS_OF);
    expect(result.row).toMatchObject({ parCents: 123456789, marketCents: 121913579, maturityDate: '2035-11-15', couponRate: 4.875 });
  });

  it('names every header it looked for when no line holds them all', () => {
    expect(new ProfileReading(FUND).noHeader().message).toBe(
      'No line of the file holds every column import profile fund-etf-sheet names: Name, CUSIP, ISIN, Par Value, Market Value, Maturity, Coupon (%), Sector, Currency, Asset Class',
    );
  });
});
