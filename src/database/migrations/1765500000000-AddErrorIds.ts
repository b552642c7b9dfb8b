import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Issue 17: a failed run and a failed email show a sentence and the errorId of the log line with the cause, not the cause itself. */
export class AddErrorIds1765500000000 implements MigrationInterface {
  name = 'AddErrorIds1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.addColumn('evaluation_runs', new TableColumn({ name: 'error_id', type: 'varchar', length: '36', isNullable: true }));
    await db.addColumn('outbox', new TableColumn({ name: 'last_error_id', type: 'varchar', length: '36', isNullable: true }));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropColumn('outbox', 'last_error_id');
    await db.dropColumn('evaluation_runs', 'error_id');
  }
}
