import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean } from './column-builders.js';

/** Issue 12: issuers the single-person rules leave out (the US Treasury, agencies); every issuer starts counted. */
export class AddIssuerLimitExempt1765100000000 implements MigrationInterface {
  name = 'AddIssuerLimitExempt1765100000000';

  async up(db: QueryRunner): Promise<void> {
    // `false` on PostgreSQL, `0` on SQLite: written as each driver writes the entity's default, so no drift.
    const no = db.connection.driver.normalizeDefault({ default: false } as Parameters<
      QueryRunner['connection']['driver']['normalizeDefault']
    >[0]);
    await db.addColumn('issuers', new TableColumn({ ...boolean('limit_exempt'), default: no }));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropColumn('issuers', 'limit_exempt');
  }
}
