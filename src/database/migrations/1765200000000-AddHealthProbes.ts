import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { instant } from './column-builders.js';

/** Issue 17: one row /health writes while writes fail, to learn when the database takes them again. */
export class AddHealthProbes1765200000000 implements MigrationInterface {
  name = 'AddHealthProbes1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.createTable(
      new Table({ name: 'health_probes', columns: [{ name: 'id', type: 'integer', isPrimary: true }, instant('checked_at')] }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropTable('health_probes');
  }
}
