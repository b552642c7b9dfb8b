import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cents, longText, text } from './column-builders.js';

/**
 * Issue 20: amounts in any ISO 4217 currency, converted to the portfolio's base currency. A holding
 * keeps its own amounts beside the base ones (null when it is in the base currency), a snapshot its
 * base currency and the rates it used, a bucket its holdings' currency (so that a scenario can shock
 * it); deals and forecasts their currency; scenarios their FX shocks. Everything stored before was
 * USD in USD books.
 */
export class AddCurrencies1765900000000 implements MigrationInterface {
  name = 'AddCurrencies1765900000000';

  async up(db: QueryRunner): Promise<void> {
    const usd = { default: "'USD'" };
    await db.addColumns('holdings', [
      new TableColumn(cents('original_par_cents', true)),
      new TableColumn(cents('original_market_cents', true)),
      new TableColumn(cents('original_book_cents', true)),
    ]);
    await db.addColumns('snapshots', [
      new TableColumn({ ...text('base_currency', 3), ...usd }),
      new TableColumn(longText('fx_rates', true)),
    ]);
    await db.addColumn('snapshot_buckets', new TableColumn({ ...text('currency', 3), ...usd }));
    await db.addColumn('deals', new TableColumn({ ...text('currency', 3), ...usd }));
    await db.addColumn('forecasts', new TableColumn({ ...text('currency', 3), ...usd }));
    await db.addColumn('scenarios', new TableColumn(longText('fx_shocks', true)));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropColumn('scenarios', 'fx_shocks');
    await db.dropColumn('forecasts', 'currency');
    await db.dropColumn('deals', 'currency');
    await db.dropColumn('snapshot_buckets', 'currency');
    await db.dropColumns('snapshots', ['fx_rates', 'base_currency']);
    await db.dropColumns('holdings', ['original_book_cents', 'original_market_cents', 'original_par_cents']);
  }
}
