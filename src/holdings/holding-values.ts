import { UploadRejected } from '../common/errors.js';
import type { Value } from '../database/bulk-insert.js';
import { convertCents, type Rate } from '../risk/fx.js';
import { CURRENCY_TEXT, HOLDING_TABLE_COLUMNS, NUMBERS, TEXTS } from './holding-batch.js';
import type { RowBatch } from './holdings-reader.js';

export { HOLDING_TABLE_COLUMNS };

const WIDTH = HOLDING_TABLE_COLUMNS.length;

/** The rates a snapshot's holdings are converted at: the base currency's rows are taken as they are. */
export interface HoldingRates {
  base: string;
  /** Base currency per unit of `currency` (known for every currency of the batch but the base) */
  rateOf(currency: string): Rate;
}

/**
 * The batch's rows as the holdings table's values (HOLDING_TABLE_COLUMNS), each issuer key turned
 * into its id, and the amounts in the base currency: a row in another currency has its par, market
 * and book value converted once, exactly, rounded half away from zero to the cent, and keeps them as
 * the file gave them in original_*. A row in the base currency costs nothing more.
 */
export function holdingValues(batch: RowBatch, snapshotId: number, issuerId: (key: number) => number, rates: HoldingRates): Value[] {
  const { numbers, texts } = batch;
  const { base } = rates;
  const values = new Array<Value>(batch.rows * WIDTH);
  for (let row = 0, n = 0, t = 0, v = 0; row < batch.rows; row++, n += NUMBERS, t += TEXTS, v += WIDTH) {
    const currency = texts[t + CURRENCY_TEXT]!;
    values[v] = snapshotId;
    values[v + 1] = numbers[n];
    values[v + 2] = issuerId(numbers[n + 1]);
    values[v + 3] = texts[t];
    values[v + 4] = texts[t + 1];
    values[v + 5] = texts[t + 2];
    values[v + 6] = texts[t + 3];
    values[v + 7] = texts[t + 4];
    values[v + 11] = currency;
    values[v + 12] = texts[t + 6];
    values[v + 13] = Number.isNaN(numbers[n + 5]) ? null : numbers[n + 5];
    values[v + 14] = texts[t + 7];
    values[v + 15] = texts[t + 8];
    if (currency === base) {
      values[v + 8] = numbers[n + 2];
      values[v + 9] = numbers[n + 3];
      values[v + 10] = numbers[n + 4];
      values[v + 16] = values[v + 17] = values[v + 18] = null;
    } else {
      const rate = rates.rateOf(currency);
      for (let k = 0; k < 3; k++) {
        values[v + 8 + k] = converted(numbers[n + 2 + k], rate, numbers[n], k, currency, base);
        values[v + 16 + k] = numbers[n + 2 + k];
      }
    }
  }
  return values;
}

const AMOUNT_COLUMNS = ['par_value', 'market_value', 'book_value'];

function converted(cents: number, rate: Rate, rowNo: number, k: number, currency: string, base: string): number {
  try {
    return convertCents(cents, rate);
  } catch {
    const message = `converted from ${currency} into ${base}, it passes ${MAX_SAFE_AMOUNT}, past which cents are not exact`;
    throw new UploadRejected('The file has invalid rows; nothing was stored', [{ row: rowNo, column: AMOUNT_COLUMNS[k], message }]);
  }
}

const MAX_SAFE_AMOUNT = '90,071,992,547,409.91';
