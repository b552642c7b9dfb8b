import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { longText, rate, text, utilization } from './column-builders.js';

/**
 * The breach workflow of issue 9: breaches grouped per problem (portfolio, limit, scope), the
 * families behind an aggregate, why a breach resolved, four-eyes waiver requests; each recipient's
 * worsening threshold and the utilization it was last told; where a limit comes from.
 */
export class BreachWorkflow1764500000000 implements MigrationInterface {
  name = 'BreachWorkflow1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.addColumns('breaches', [
      new TableColumn({ ...text('group_key', 200), default: "''" }),
      new TableColumn(longText('member_ids', true)),
      new TableColumn(text('resolution', 20, true)),
      new TableColumn(longText('waiver_request', true)),
    ]);
    await db.query(`UPDATE breaches SET group_key = portfolio_id || '|' || limit_id || '|' || scope_key`);
    await db.createIndex('breaches', new TableIndex({ name: 'IX_breaches_group', columnNames: ['group_key'] }));
    await db.addColumn('recipients', new TableColumn({ ...rate('worsening_pct'), default: 10 }));
    await db.addColumn('breach_notifications', new TableColumn(utilization('utilization_pct', true)));
    await db.addColumn('limit_versions', new TableColumn(text('source', 500, true)));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropColumn('limit_versions', 'source');
    await db.dropColumn('breach_notifications', 'utilization_pct');
    await db.dropColumn('recipients', 'worsening_pct');
    await db.dropIndex('breaches', 'IX_breaches_group');
    for (const column of ['waiver_request', 'resolution', 'member_ids', 'group_key']) await db.dropColumn('breaches', column);
  }
}
