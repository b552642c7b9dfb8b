import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, TextColumn } from '../database/columns.js';

export type RunTrigger = 'SCHEDULED' | 'MANUAL' | 'CATCH_UP';
export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/**
 * One evaluation run; also the run ledger: the unique `scheduled_for` lets exactly one replica
 * claim a cron tick.
 */
@Entity('evaluation_runs')
export class EvaluationRunEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @TextColumn(10)
  trigger!: RunTrigger;

  @Index('UQ_evaluation_runs_scheduled_for', { unique: true })
  @InstantColumn({ name: 'scheduled_for', nullable: true })
  scheduledFor!: string | null;

  @InstantColumn({ name: 'started_at' })
  startedAt!: string;

  @InstantColumn({ name: 'finished_at', nullable: true })
  finishedAt!: string | null;

  @TextColumn(10)
  status!: RunStatus;

  /** Snapshot ids, limit versions and scenario parameters, as they were. */
  @Column({ type: 'simple-json', nullable: true })
  inputs!: object | null;

  @Column({ type: 'simple-json', nullable: true })
  counts!: object | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}

/** What a run found for one limit check: enough to show the run again exactly. */
@Entity('evaluation_results')
@Index('IX_evaluation_results_run', ['runId'])
export class EvaluationResultEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer', name: 'run_id' })
  runId!: number;

  @TextColumn(40)
  portfolio!: string;

  @TextColumn(60, { nullable: true })
  scenario!: string | null;

  @Column({ type: 'integer', name: 'limit_id' })
  limitId!: number;

  @TextColumn(160, { name: 'scope_key' })
  scopeKey!: string;

  @Column({ type: 'simple-json' })
  result!: object;
}
