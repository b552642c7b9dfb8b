/** What the holding-row specs read: a bond row by our column names, and a reader of one row. */
import { HOLDING_COLUMNS, type HoldingColumn } from '../files/holding-columns.js';
import { HoldingsLayout, type RowResult } from './holding-row.js';

export type Fields = Partial<Record<HoldingColumn, string>>;

export const AS_OF = '2026-11-30';
export const APPLE_CUSIP = '037833100';

export const BOND: Fields = {
  cusip: APPLE_CUSIP,
  issuer_name: 'Apple Inc.',
  par_value: '1,000,000.00',
  market_value: '987654.32',
  maturity_date: '2030-05-06',
};

function layoutFor(header: readonly string[]): HoldingsLayout {
  const { layout, problems } = HoldingsLayout.fromHeader([...header]);
  if (problems.length) throw new Error(`The header has problems: ${JSON.stringify(problems)}`);
  return layout;
}

/** Reads one data row laid out in `header` order (canonical column names). */
export function readRow(
  fields: Fields,
  options: { header?: readonly HoldingColumn[]; rowNo?: number; asOf?: string | null } = {},
): RowResult {
  const header = options.header ?? HOLDING_COLUMNS;
  const cells = header.map((column) => fields[column] ?? '');
  return layoutFor(header).read(options.rowNo ?? 2, cells, options.asOf === undefined ? AS_OF : options.asOf);
}
