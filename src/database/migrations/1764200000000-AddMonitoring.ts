import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cents, id, instant, integer, longText, rate, text } from './column-builders.js';

export class AddMonitoring1764200000000 implements MigrationInterface {
  name = 'AddMonitoring1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.createTable(
      new Table({
        name: 'evaluation_runs',
        columns: [
          id,
          text('trigger', 10),
          instant('scheduled_for', true),
          instant('started_at'),
          instant('finished_at', true),
          text('status', 10),
          longText('inputs', true),
          longText('counts', true),
          longText('error', true),
        ],
        indices: [new TableIndex({ name: 'UQ_evaluation_runs_scheduled_for', columnNames: ['scheduled_for'], isUnique: true })],
      }),
    );
    await db.createTable(
      new Table({
        name: 'evaluation_results',
        columns: [
          id,
          integer('run_id'),
          text('portfolio', 40),
          text('scenario', 60, true),
          integer('limit_id'),
          text('scope_key', 160),
          longText('result'),
        ],
        indices: [new TableIndex({ name: 'IX_evaluation_results_run', columnNames: ['run_id'] })],
      }),
    );
    await db.createTable(
      new Table({
        name: 'breaches',
        columns: [
          id,
          text('identity', 300),
          integer('portfolio_id'),
          integer('limit_id'),
          text('scope_key', 160),
          text('scope_label', 300),
          text('kind', 10),
          text('scenario', 60, true),
          text('severity', 10),
          cents('exposure_cents'),
          cents('limit_cents'),
          rate('utilization_pct'),
          cents('current_exposure_cents'),
          text('projected_breach_date', 10, true),
          rate('breach_probability', true),
          text('probability_method', 12, true),
          text('status', 12),
          instant('opened_at'),
          integer('last_seen_run_id'),
          instant('resolved_at', true),
          text('waived_until', 10, true),
        ],
        indices: [new TableIndex({ name: 'IX_breaches_identity', columnNames: ['identity', 'status'] })],
      }),
    );
    await db.createTable(
      new Table({
        name: 'breach_events',
        columns: [
          id,
          integer('breach_id'),
          instant('at'),
          text('type', 20),
          text('actor_email', 254),
          integer('run_id', true),
          longText('text', true),
          longText('data', true),
        ],
        indices: [new TableIndex({ name: 'IX_breach_events_breach', columnNames: ['breach_id'] })],
      }),
    );
    await db.createTable(
      new Table({
        name: 'recipients',
        columns: [
          id,
          text('email', 254),
          longText('portfolios', true),
          text('min_severity', 10),
          rate('repeat_interval_hours'),
          instant('created_at'),
          instant('deleted_at', true),
        ],
      }),
    );
    await db.createTable(
      new Table({ name: 'breach_notifications', columns: [id, integer('recipient_id'), integer('breach_id'), instant('notified_at')] }),
    );
    await db.createTable(
      new Table({
        name: 'outbox',
        columns: [
          id,
          text('message_id', 200),
          integer('run_id', true),
          text('to_address', 254),
          text('subject', 300),
          longText('text_body'),
          longText('html_body'),
          text('status', 10),
          integer('attempts'),
          instant('next_attempt_at'),
          instant('lease_until', true),
          text('lease_owner', 80, true),
          longText('last_error', true),
          instant('sent_at', true),
          instant('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_outbox_message_id', columnNames: ['message_id'], isUnique: true }),
          new TableIndex({ name: 'IX_outbox_due', columnNames: ['status', 'next_attempt_at'] }),
        ],
      }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'outbox',
      'breach_notifications',
      'recipients',
      'breach_events',
      'breaches',
      'evaluation_results',
      'evaluation_runs',
    ]) {
      await db.dropTable(table);
    }
  }
}
