import type { EntityManager } from 'typeorm';
import type { FxConversion, FxRatesService } from '../fx/fx-rates.service.js';
import type { Rate } from '../risk/fx.js';
import type { HoldingRates } from './holding-values.js';
import { CURRENCY_TEXT, TEXTS } from './holding-batch.js';
import type { RowBatch } from './holdings-reader.js';
import type { SnapshotRate } from './snapshot.entity.js';

/**
 * The rates an upload converts its holdings at: each currency of the file but the base, looked up
 * once at the rows' as-of date, on the main thread and in the upload's transaction, when its first
 * row comes. A rate that does not exist fails the upload (422 naming the pair and the date), so
 * nothing is stored.
 */
export class SnapshotRates implements HoldingRates {
  private readonly conversions = new Map<string, FxConversion>();

  constructor(
    private readonly fx: FxRatesService,
    readonly base: string,
    private readonly tx: EntityManager,
  ) {}

  /** Looks up the currencies of the batch not seen before (a file has a few: one query each time one first appears). */
  async prepare(batch: RowBatch): Promise<void> {
    const { texts, rows } = batch;
    let missing: Set<string> | null = null;
    for (let t = CURRENCY_TEXT, end = rows * TEXTS; t < end; t += TEXTS) {
      const currency = texts[t]!;
      if (currency !== this.base && !this.conversions.has(currency)) (missing ??= new Set()).add(currency);
    }
    if (!missing) return;
    const found = await this.fx.ratesAt(batch.asOfDate, missing, this.base, this.tx);
    for (const currency of missing) this.conversions.set(currency, found.get(currency)!);
  }

  rateOf(currency: string): Rate {
    return this.conversions.get(currency)!.rate;
  }

  /** The rates used, as stored, each once (a crossed pair by both of its legs); null when every holding was in the base currency. */
  stored(): SnapshotRate[] | null {
    const legs = new Map<string, SnapshotRate>();
    for (const { legs: used } of this.conversions.values()) {
      for (const leg of used) {
        const key = `${leg.base}|${leg.quote}|${leg.rateDate}`;
        if (!legs.has(key)) legs.set(key, { base: leg.base, quote: leg.quote, rate: leg.rateText, rateDate: leg.rateDate });
      }
    }
    if (!legs.size) return null;
    return [...legs.values()].sort((a, b) => compare(a.base, b.base) || compare(a.quote, b.quote) || compare(a.rateDate, b.rateDate));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
