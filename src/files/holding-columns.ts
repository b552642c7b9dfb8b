import type { RowProblem } from '../common/errors.js';

/**
 * The columns of a holdings file (SPEC 5.2), which an import profile maps a file's own headers to.
 * Validating a row by them is src/holdings/holding-row.ts's; reading a file through a profile is
 * src/import-profiles/profile-reading.ts's.
 */
export const HOLDING_COLUMNS = [
  'cusip',
  'isin',
  'issuer_name',
  'issuer_lei',
  'ultimate_parent_lei',
  'ultimate_parent_name',
  'par_value',
  'market_value',
  'book_value',
  'currency',
  'maturity_date',
  'coupon_rate',
  'naic_designation',
  'sector',
  'asset_type',
  'as_of_date',
] as const;
export type HoldingColumn = (typeof HOLDING_COLUMNS)[number];

/**
 * How a file that is not in our layout is read (an import profile): its number and date formats
 * and empty markers, and its own words in the problems. Without one, cells are read as SPEC 5.2 says.
 */
export interface CellDialect {
  /** The text the rules of 5.2 read for a cell (`raw`, trimmed); `asOf` is the row's as-of date (for maturities). */
  read(column: HoldingColumn, raw: string, asOf: string | null): string;
  /** What dates look like in the file, for the messages. */
  readonly dateFormat: string;
  /** A problem in the file's words: `message` follows the value, `hint` tells what would be right. */
  problem(row: number, cells: string[], column: HoldingColumn, message: string, hint?: string): RowProblem;
}

/** A header found by an import profile: where each of our columns is in the file, and how its cells are written. */
export interface MappedHeader {
  index: Map<HoldingColumn, number>;
  dialect: CellDialect;
}
