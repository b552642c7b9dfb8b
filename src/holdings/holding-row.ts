import { ISO_4217_RULE, isIso4217 } from '../common/currencies.js';
import { dateProblem } from '../common/dates.js';
import type { RowProblem } from '../common/errors.js';
import { normalizeHeader } from '../common/headers.js';
import { cusip6, cusipFromIsin, isValidCusip, isValidIsin, isValidLei, normalizeIdentifier } from '../common/identifiers.js';
import { parseMoney } from '../common/money.js';
import { NAIC_DESIGNATION, NAIC_DESIGNATION_RULE } from '../common/naic.js';
import { HOLDING_COLUMNS, type CellDialect, type HoldingColumn, type MappedHeader } from '../files/holding-columns.js';
import type { AssetType } from './holding.entity.js';

type Column = HoldingColumn;
const REQUIRED: Column[] = ['issuer_name', 'par_value', 'market_value'];
const BIT = Object.fromEntries(HOLDING_COLUMNS.map((column, i) => [column, 1 << i])) as Record<Column, number>;

/** A holdings row once every field has been checked; money in cents. */
export interface HoldingRow {
  rowNo: number;
  assetType: AssetType;
  cusip: string | null;
  isin: string | null;
  /** The CUSIP-6 issuer code, from the CUSIP or from inside a US/CA ISIN. */
  issuerCusip6: string | null;
  issuerName: string;
  issuerLei: string | null;
  parentLei: string | null;
  parentName: string | null;
  parCents: number;
  marketCents: number;
  bookCents: number;
  currency: string;
  maturityDate: string | null;
  couponRate: number | null;
  naicDesignation: string | null;
  sector: string | null;
  asOfDate: string;
}

export type RowResult = { row: HoldingRow; problems?: undefined } | { row?: undefined; problems: RowProblem[] };

const COUPON = /^\d{1,3}(\.\d{1,6})?$/;

/** Reads rows by the file's own header: any column order, unknown columns set aside as warnings. */
export class HoldingsLayout {
  private constructor(
    private readonly index: Map<Column, number>,
    readonly warnings: string[],
    private readonly dialect: CellDialect | null = null,
  ) {}

  /** A layout whose header was found by an import profile: its index maps our columns to the file's. */
  static mapped({ index, dialect }: MappedHeader): HoldingsLayout {
    return new HoldingsLayout(index, [], dialect);
  }

  /**
   * A problem of row `rowNo`: `shown` (the value, quoted or not) opens the message of a plain file;
   * a dialect names the value in its own words.
   */
  problem(rowNo: number, cells: string[], column: Column, message: string, shown?: string, hint?: string | null): RowProblem {
    if (this.dialect) return this.dialect.problem(rowNo, cells, column, message, hint ?? undefined);
    return { row: rowNo, column, message: shown === undefined ? message : `${shown} ${message}` };
  }

  static fromHeader(cells: string[]): { layout: HoldingsLayout; problems: RowProblem[] } {
    const index = new Map<Column, number>();
    const unknown: string[] = [];
    const problems: RowProblem[] = [];
    cells.forEach((cell, i) => {
      const name = normalizeHeader(cell ?? '');
      if (!name) return;
      if (!(HOLDING_COLUMNS as readonly string[]).includes(name)) unknown.push(cell.trim());
      else if (index.has(name as Column)) problems.push({ row: 1, column: name, message: 'this column appears twice in the header' });
      else index.set(name as Column, i);
    });
    for (const column of REQUIRED) {
      if (!index.has(column)) problems.push({ row: 1, column, message: `the header has no ${column} column` });
    }
    if (!index.has('cusip') && !index.has('isin'))
      problems.push({ row: 1, column: 'cusip', message: 'the header needs a cusip or an isin column' });
    const warnings = unknown.length ? [unknownColumnsWarning(unknown)] : [];
    return { layout: new HoldingsLayout(index, warnings), problems };
  }

  /** `uploadAsOf` is the form's asOfDate, or null when every row must carry its own. */
  read(rowNo: number, cells: string[], uploadAsOf: string | null): RowResult {
    const problems: RowProblem[] = [];
    const { dialect } = this;
    const cell = (column: Column, asOf: string | null = null) => {
      const i = this.index.get(column);
      const raw = i === undefined ? '' : (cells[i] ?? '').trim();
      return dialect ? dialect.read(column, raw, asOf) : raw;
    };
    // Our columns that failed, one bit each (a profile's problems name the file's columns instead).
    let failed = 0;
    const fail = (column: Column, message: string, shown?: string, hint?: string | null) => {
      problems.push(this.problem(rowNo, cells, column, message, shown, hint));
      failed |= BIT[column];
      return null;
    };
    const text = (column: Column, max: number) => {
      const value = cell(column);
      if (value.length > max) return fail(column, `must be at most ${max} characters`);
      return value || null;
    };
    const money = (column: Column) => {
      const value = cell(column);
      try {
        return parseMoney(value);
      } catch (err) {
        return value ? fail(column, (err as Error).message, `"${value}"`) : fail(column, 'is required');
      }
    };
    // A profile's file is taken as written: CUSIPs are upper case, so "88732Jan8" is a spreadsheet's doing.
    const identifier = (column: Column, valid: (s: string) => boolean, what: string, hint?: () => string | undefined) => {
      const value = dialect ? cell(column) : normalizeIdentifier(cell(column));
      if (value && !valid(value)) {
        // A profile's message says what the value should be, and what would be right (the hint).
        const message = dialect ? `is not ${what === 'CUSIP' ? 'a' : 'an'} ${what}` : `is not a valid ${what} (check digit or format)`;
        return fail(column, message, `"${value}"`, dialect && hint?.());
      }
      return value || null;
    };

    const assetType = readAssetType(cell('asset_type')) ?? fail('asset_type', 'must be BOND or CDS_PROTECTION');
    const cusip = identifier('cusip', isValidCusip, 'CUSIP', () => {
      // Told beside a wrong CUSIP, in a profile's words: the CUSIP that the row's ISIN carries.
      const carried = cusipFromIsin(cell('isin'));
      return carried ? `the ISIN ${cell('isin')} carries ${carried}` : undefined;
    });
    const isin = identifier('isin', isValidIsin, 'ISIN');
    const cusipInIsin = isin ? cusipFromIsin(isin) : null;
    if (isin && !cusipInIsin && /^(US|CA)/.test(isin)) fail('isin', 'carries an invalid CUSIP (check digit)', `"${isin}"`);
    if (cusip && cusipInIsin && cusip !== cusipInIsin) fail('isin', `carries CUSIP ${cusipInIsin}, not the row's ${cusip}`);
    if (assetType === 'BOND' && !cusip && !isin && !(failed & (BIT.cusip | BIT.isin))) {
      fail('cusip', 'a bond needs a cusip or an isin');
    }
    const issuerName = text('issuer_name', 300) ?? (failed & BIT.issuer_name ? null : fail('issuer_name', 'is required'));
    const issuerLei = identifier('issuer_lei', isValidLei, 'LEI (ISO 17442)');
    const parentLei = identifier('ultimate_parent_lei', isValidLei, 'LEI (ISO 17442)');
    const parentName = text('ultimate_parent_name', 300);
    const parCents = money('par_value');
    const marketCents = money('market_value');
    const bookCents = cell('book_value') ? money('book_value') : marketCents;
    const currency = readCurrency(cell('currency')) ?? fail('currency', ISO_4217_RULE, `"${cell('currency')}"`);

    const asOfDate = this.readAsOf(cell('as_of_date'), uploadAsOf, fail);
    const maturityDate = this.readMaturity(cell('maturity_date', asOfDate), assetType, asOfDate, fail);
    const couponRate =
      readCoupon(cell('coupon_rate')) ??
      (cell('coupon_rate') ? fail('coupon_rate', 'must be a percentage from 0 to 100, e.g. 4.875') : null);
    const naic = cell('naic_designation').toUpperCase();
    if (naic && !NAIC_DESIGNATION.test(naic)) fail('naic_designation', NAIC_DESIGNATION_RULE, `"${naic}"`);
    const sector = text('sector', 100);

    if (problems.length) return { problems };
    return {
      row: {
        rowNo,
        assetType: assetType!,
        // Through a profile, a bond known by its ISIN alone gets the CUSIP the ISIN carries.
        cusip: cusip ?? (dialect ? cusipInIsin : null),
        isin,
        issuerCusip6: cusip ? cusip6(cusip) : cusipInIsin ? cusip6(cusipInIsin) : null,
        issuerName: issuerName!,
        issuerLei,
        parentLei,
        parentName,
        parCents: parCents!,
        marketCents: marketCents!,
        bookCents: bookCents!,
        currency: currency!,
        maturityDate,
        couponRate,
        naicDesignation: naic || null,
        sector,
        asOfDate: asOfDate!,
      },
    };
  }

  private readAsOf(value: string, uploadAsOf: string | null, fail: Fail): string | null {
    if (!value)
      return uploadAsOf ?? fail('as_of_date', 'asOfDate is required: send it with the upload or in an as_of_date column on every row');
    const wrong = dateProblem(value, this.dateFormat);
    if (wrong) return fail('as_of_date', wrong, `"${value}"`);
    if (uploadAsOf && value !== uploadAsOf) return fail('as_of_date', `differs from the snapshot's as-of date ${uploadAsOf}`, value);
    return value;
  }

  private readMaturity(value: string, assetType: AssetType | null, asOf: string | null, fail: Fail): string | null {
    if (!value) return assetType === 'BOND' ? fail('maturity_date', 'is required for a bond') : null;
    const wrong = dateProblem(value, this.dateFormat);
    if (wrong) return fail('maturity_date', wrong, `"${value}"`);
    if (asOf && value <= asOf)
      return fail('maturity_date', `is on or before the as-of date ${asOf}: the position is no longer held`, value);
    return value;
  }

  private get dateFormat(): string {
    return this.dialect?.dateFormat ?? 'YYYY-MM-DD';
  }
}

type Fail = (column: Column, message: string, shown?: string) => null;

/** Readable whatever the header: the first names, each shortened, and how many there are. */
const LISTED_UNKNOWN_COLUMNS = 20;
const LISTED_NAME_LENGTH = 40;

function unknownColumnsWarning(names: string[]): string {
  const listed = names
    .slice(0, LISTED_UNKNOWN_COLUMNS)
    .map((name) => (name.length > LISTED_NAME_LENGTH ? `${name.slice(0, LISTED_NAME_LENGTH - 1)}…` : name));
  if (names.length <= LISTED_UNKNOWN_COLUMNS) return `Unknown columns ignored: ${listed.join(', ')}`;
  return `${names.length.toLocaleString('en-US')} unknown columns ignored: ${listed.join(', ')}, ... (first ${LISTED_UNKNOWN_COLUMNS} listed)`;
}

function readAssetType(value: string): AssetType | null {
  const upper = value.toUpperCase();
  if (!upper || upper === 'BOND') return 'BOND';
  return upper === 'CDS_PROTECTION' ? 'CDS_PROTECTION' : null;
}

/** USD when empty; any case (a file's `eur` is EUR). */
function readCurrency(value: string): string | null {
  if (!value) return 'USD';
  if (value === 'USD') return value;
  const upper = value.toUpperCase();
  return isIso4217(upper) ? upper : null;
}

function readCoupon(value: string): number | null {
  if (!COUPON.test(value)) return null;
  const rate = Number(value);
  return rate <= 100 ? rate : null;
}
