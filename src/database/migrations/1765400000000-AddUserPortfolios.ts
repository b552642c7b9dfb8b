import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { longText } from './column-builders.js';

/**
 * Issue 17: a user may be limited to some portfolios (a JSON list of codes; NULL, as for every
 * user until now: every portfolio), and each email records the portfolios it concerns (",1,3,"),
 * so that such a user sees only those. Emails written before concern no portfolio known to the
 * service: only users of every portfolio see them.
 */
export class AddUserPortfolios1765400000000 implements MigrationInterface {
  name = 'AddUserPortfolios1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.addColumn('users', new TableColumn(longText('portfolios', true)));
    await db.addColumn('outbox', new TableColumn(longText('portfolio_ids', true)));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropColumn('outbox', 'portfolio_ids');
    await db.dropColumn('users', 'portfolios');
  }
}
