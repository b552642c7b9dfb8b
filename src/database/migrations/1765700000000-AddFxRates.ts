import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, text } from './column-builders.js';

/** The reference rates of currencies (issue 20): the rate as written, as text, one per date and pair. */
export class AddFxRates1765700000000 implements MigrationInterface {
  name = 'AddFxRates1765700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.createTable(
      new Table({
        name: 'fx_rates',
        columns: [id, text('date', 10), text('base', 3), text('quote', 3), text('rate', 32), instant('loaded_at'), text('loaded_by', 254)],
        indices: [
          new TableIndex({ name: 'UQ_fx_rates_date_pair', columnNames: ['date', 'base', 'quote'], isUnique: true }),
          new TableIndex({ name: 'IX_fx_rates_pair_date', columnNames: ['base', 'quote', 'date'] }),
        ],
      }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropTable('fx_rates');
  }
}
