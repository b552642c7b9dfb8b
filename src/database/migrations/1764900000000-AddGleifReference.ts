import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { integer, text } from './column-builders.js';

/** GLEIF's relationships and legal names as reference data (issue 11), and the parent they give an issuer. */
export class AddGleifReference1764900000000 implements MigrationInterface {
  name = 'AddGleifReference1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.createTable(
      new Table({
        name: 'gleif_relationships',
        columns: [{ ...integer('line'), isPrimary: true }, text('child_lei', 20), text('parent_lei', 20), text('consolidation', 8)],
        indices: [new TableIndex({ name: 'IX_gleif_relationships_child_lei', columnNames: ['child_lei'] })],
      }),
    );
    await db.createTable(
      new Table({
        name: 'gleif_lei_records',
        columns: [{ ...integer('line'), isPrimary: true }, text('lei', 20), text('legal_name', 300)],
        indices: [new TableIndex({ name: 'IX_gleif_lei_records_lei', columnNames: ['lei'] })],
      }),
    );
    await db.addColumn('issuers', new TableColumn(integer('gleif_parent_id', true)));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropColumn('issuers', 'gleif_parent_id');
    await db.dropTable('gleif_lei_records');
    await db.dropTable('gleif_relationships');
  }
}
