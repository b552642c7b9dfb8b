import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cents, integer, rate, text } from './column-builders.js';

export class AddSnapshotBuckets1764300000000 implements MigrationInterface {
  name = 'AddSnapshotBuckets1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.createTable(
      new Table({
        name: 'snapshot_buckets',
        columns: [
          { ...integer('snapshot_id'), isPrimary: true },
          { ...integer('bucket_no'), isPrimary: true },
          integer('issuer_id'),
          text('asset_type', 16),
          text('maturity_month', 7, true),
          rate('coupon_rate', true),
          integer('naic', true),
          text('sector', 100, true),
          cents('par_cents'),
          cents('market_cents'),
          cents('book_cents'),
        ],
      }),
    );
    // Snapshots uploaded before this migration get their buckets from their holdings.
    await db.query(`
      INSERT INTO snapshot_buckets (snapshot_id, bucket_no, issuer_id, asset_type, maturity_month, coupon_rate, naic, sector, par_cents, market_cents, book_cents)
      SELECT snapshot_id, ROW_NUMBER() OVER (PARTITION BY snapshot_id ORDER BY issuer_id), issuer_id, asset_type, substr(maturity_date, 1, 7), coupon_rate,
             CAST(substr(naic_designation, 1, 1) AS INTEGER), sector, SUM(par_cents), SUM(market_cents), SUM(book_cents)
        FROM holdings
       GROUP BY snapshot_id, issuer_id, asset_type, substr(maturity_date, 1, 7), coupon_rate, substr(naic_designation, 1, 1), sector`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropTable('snapshot_buckets');
  }
}
