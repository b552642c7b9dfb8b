/** Import profiles of the fixtures in test/fixtures/holdings/profiles/, as an admin would send them. */

/** The fund's own export: 27 columns, a preamble, quoted thousands, "-" for empty, cash rows, a footer. */
export const FUND_ETF = {
  name: 'fund-etf',
  columns: {
    issuer_name: 'Name',
    cusip: 'CUSIP',
    isin: 'ISIN',
    par_value: 'Par Value',
    market_value: 'Market Value',
    maturity_date: 'Maturity',
    coupon_rate: 'Coupon (%)',
    sector: 'Sector',
    currency: 'Currency',
  },
  dateFormat: 'MMM DD, YYYY',
  emptyValues: ['-'],
  include: { column: 'Asset Class', values: ['Fixed Income'] },
};
/** The same export after a trip through a spreadsheet: "1-Feb-46", and CUSIPs such as "3.45E+71". */
export const SPREADSHEET = { ...FUND_ETF, name: 'fund-etf-sheet', dateFormat: 'D-MMM-YY' };
const { cusip: _cusip, ...isinOnly } = FUND_ETF.columns;
export const SPREADSHEET_BY_ISIN = { ...SPREADSHEET, name: 'fund-etf-isin', columns: isinOnly };
export const CUSTODIAN_EU = {
  name: 'custodian-eu',
  columns: {
    isin: 'ISIN',
    issuer_name: 'Emittent',
    par_value: 'Nominal',
    market_value: 'Kurswert',
    maturity_date: 'Fälligkeit',
    coupon_rate: 'Kupon',
    currency: 'Währung',
  },
  dateFormat: 'DD.MM.YYYY',
  numberFormat: '1.234,56',
  emptyValues: ['-', 'N/A'],
};
