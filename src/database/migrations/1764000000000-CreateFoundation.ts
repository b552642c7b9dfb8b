import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cents, id, instant, integer, rate, text } from './column-builders.js';

export class CreateFoundation1764000000000 implements MigrationInterface {
  name = 'CreateFoundation1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          text('email', 254),
          text('name', 200),
          text('role', 10),
          text('key_hash', 64),
          instant('created_at'),
          instant('revoked_at', true),
        ],
        indices: [new TableIndex({ name: 'UQ_users_key_hash', columnNames: ['key_hash'], isUnique: true })],
      }),
    );
    await db.createTable(
      new Table({
        name: 'portfolios',
        columns: [
          id,
          text('code', 40),
          text('name', 200),
          text('base_currency', 3),
          cents('admitted_assets_cents'),
          cents('capital_surplus_cents'),
          rate('participation_rate'),
          instant('created_at'),
          instant('updated_at'),
        ],
        indices: [new TableIndex({ name: 'UQ_portfolios_code', columnNames: ['code'], isUnique: true })],
      }),
    );
    await db.createTable(
      new Table({
        name: 'issuers',
        columns: [
          id,
          text('name', 300),
          text('normalized_name', 300),
          text('lei', 20, true),
          text('cusip6', 6, true),
          integer('economic_parent_id', true),
          integer('declared_parent_id', true),
          integer('hierarchy_parent_id', true),
          instant('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'IX_issuers_normalized_name', columnNames: ['normalized_name'] }),
          new TableIndex({ name: 'UQ_issuers_lei', columnNames: ['lei'], isUnique: true }),
          new TableIndex({ name: 'IX_issuers_cusip6', columnNames: ['cusip6'] }),
        ],
      }),
    );
    await db.createTable(
      new Table({
        name: 'snapshots',
        columns: [
          id,
          integer('portfolio_id'),
          text('as_of_date', 10),
          text('content_sha256', 64),
          text('file_name', 255),
          text('format', 4),
          integer('row_count'),
          integer('uploaded_by'),
          instant('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'IX_snapshots_portfolio_date', columnNames: ['portfolio_id', 'as_of_date'] }),
          new TableIndex({ name: 'IX_snapshots_content_sha256', columnNames: ['content_sha256'] }),
        ],
      }),
    );
    await db.createTable(
      new Table({
        name: 'holdings',
        columns: [
          { ...integer('snapshot_id'), isPrimary: true },
          { ...integer('row_no'), isPrimary: true },
          integer('issuer_id'),
          text('asset_type', 16),
          text('cusip', 9, true),
          text('isin', 12, true),
          text('issuer_name', 300),
          text('issuer_lei', 20, true),
          cents('par_cents'),
          cents('market_cents'),
          cents('book_cents'),
          text('currency', 3),
          text('maturity_date', 10, true),
          rate('coupon_rate', true),
          text('naic_designation', 3, true),
          text('sector', 100, true),
        ],
      }),
    );
    await db.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          id,
          instant('at'),
          integer('actor_id', true),
          text('actor_email', 254),
          text('action', 60),
          text('entity', 40),
          text('entity_id', 60),
          { name: 'before', type: 'text', isNullable: true },
          { name: 'after', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'IX_audit_log_entity', columnNames: ['entity', 'entity_id'] })],
      }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'holdings', 'snapshots', 'issuers', 'portfolios', 'users']) {
      await db.dropTable(table);
    }
  }
}
