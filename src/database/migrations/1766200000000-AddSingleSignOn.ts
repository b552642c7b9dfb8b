import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { text } from './column-builders.js';

/**
 * Issue 22: a user may sign in through the company's OpenID Connect provider, which names the
 * person by its issuer and `sub`. Users created before sign on with their API key only (NULL).
 */
export class AddSingleSignOn1766200000000 implements MigrationInterface {
  name = 'AddSingleSignOn1766200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.addColumn('users', new TableColumn(text('oidc_issuer', 500, true)));
    await db.addColumn('users', new TableColumn(text('oidc_subject', 255, true)));
    await db.createIndex('users', new TableIndex({ name: 'IX_users_oidc_identity', columnNames: ['oidc_issuer', 'oidc_subject'] }));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropIndex('users', 'IX_users_oidc_identity');
    await db.dropColumn('users', 'oidc_subject');
    await db.dropColumn('users', 'oidc_issuer');
  }
}
