import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { instant, integer, text, utilization } from './column-builders.js';

/**
 * Runs hold a lease that their process renews, so that a run whose process died is found and
 * failed; the ledger allows a tick a second attempt. Utilization gets room for any ratio of two
 * amounts (a $900M holding against a $1 limit is 90,000,000,000%). Reminders look up notifications by breach.
 */
export class HardenRuns1764400000000 implements MigrationInterface {
  name = 'HardenRuns1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.addColumns('evaluation_runs', [
      new TableColumn({ ...integer('attempt'), default: 1 }),
      new TableColumn(text('owner', 80, true)),
      new TableColumn(instant('lease_until', true)),
    ]);
    await db.dropIndex('evaluation_runs', 'UQ_evaluation_runs_scheduled_for');
    await db.createIndex(
      'evaluation_runs',
      new TableIndex({ name: 'UQ_evaluation_runs_tick', columnNames: ['scheduled_for', 'attempt'], isUnique: true }),
    );
    await db.changeColumn('breaches', 'utilization_pct', new TableColumn(utilization('utilization_pct')));
    await db.createIndex(
      'breach_notifications',
      new TableIndex({ name: 'IX_breach_notifications_breach', columnNames: ['breach_id', 'recipient_id'] }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropIndex('breach_notifications', 'IX_breach_notifications_breach');
    await db.changeColumn(
      'breaches',
      'utilization_pct',
      new TableColumn({ name: 'utilization_pct', type: 'decimal', precision: 18, scale: 10 }),
    );
    await db.dropIndex('evaluation_runs', 'UQ_evaluation_runs_tick');
    await db.createIndex(
      'evaluation_runs',
      new TableIndex({ name: 'UQ_evaluation_runs_scheduled_for', columnNames: ['scheduled_for'], isUnique: true }),
    );
    for (const column of ['lease_until', 'owner', 'attempt']) await db.dropColumn('evaluation_runs', column);
  }
}
