import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, integer, text } from './column-builders.js';

/** Sign-ins on the web page (issue 10): the hash of each session cookie's token, its user and its end. */
export class AddSessions1764700000000 implements MigrationInterface {
  name = 'AddSessions1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.createTable(
      new Table({
        name: 'sessions',
        columns: [id, text('token_hash', 64), integer('user_id'), instant('created_at'), instant('expires_at')],
        indices: [new TableIndex({ name: 'UQ_sessions_token_hash', columnNames: ['token_hash'], isUnique: true })],
      }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropTable('sessions');
  }
}
