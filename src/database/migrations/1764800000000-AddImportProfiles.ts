import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, longText, text } from './column-builders.js';

/** Import profiles (issue 11): how to read an export as it is; the column map and lists are JSON text. */
export class AddImportProfiles1764800000000 implements MigrationInterface {
  name = 'AddImportProfiles1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.createTable(
      new Table({
        name: 'import_profiles',
        columns: [
          id,
          text('name', 60),
          longText('columns'),
          text('date_format', 40),
          text('number_format', 10),
          longText('empty_values'),
          longText('include_filter', true),
          instant('created_at'),
          instant('updated_at'),
        ],
        indices: [new TableIndex({ name: 'UQ_import_profiles_name', columnNames: ['name'], isUnique: true })],
      }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropTable('import_profiles');
  }
}
