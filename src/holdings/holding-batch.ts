import { sqliteRowsPerStatement } from '../database/statement-rows.js';

/**
 * How the reading thread hands rows to the main thread (RowBatch), and the holdings table they
 * become: shared by both sides.
 */

/** The holdings table's columns, in the order of a batch's values. */
export const HOLDING_TABLE_COLUMNS = [
  'snapshot_id',
  'row_no',
  'issuer_id',
  'asset_type',
  'cusip',
  'isin',
  'issuer_name',
  'issuer_lei',
  'par_cents',
  'market_cents',
  'book_cents',
  'currency',
  'maturity_date',
  'coupon_rate',
  'naic_designation',
  'sector',
  'original_par_cents',
  'original_market_cents',
  'original_book_cents',
] as const;

/** A batch's numbers and texts per row (see RowBatch). */
export const NUMBERS = 6;
export const TEXTS = 9;
/** Where a row's currency is among its texts. */
export const CURRENCY_TEXT = 5;

/**
 * Rows per batch: SQLite's rows per statement for the holdings table (842 of its 19 columns), so
 * that a batch is written as it comes (BulkInserter). Small batches also keep memory down: an array
 * of more than 128 KB (8,192 rows) would be allocated straight into V8's old generation, which then
 * grows by hundreds of megabytes.
 */
export const BATCH_ROWS = sqliteRowsPerStatement(HOLDING_TABLE_COLUMNS.length);
