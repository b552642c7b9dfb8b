import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, TextColumn } from '../database/columns.js';

export type RunTrigger = 'SCHEDULED' | 'MANUAL' | 'CATCH_UP';
export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/**
 * One evaluation run; also the run ledger: the unique (scheduled_for, attempt) lets exactly one
 * replica claim a cron tick, and one the second attempt of a tick whose first was interrupted.
 */
@Entity('evaluation_runs')
@Index('UQ_evaluation_runs_tick', ['scheduledFor', 'attempt'], { unique: true })
export class EvaluationRunEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @TextColumn(10)
  trigger!: RunTrigger;

  @InstantColumn({ name: 'scheduled_for', nullable: true })
  scheduledFor!: string | null;

  /** 1, or 2 for the re-run of a tick whose first run was interrupted. */
  @Column({ type: 'integer', default: 1 })
  attempt!: number;

  /** The process running it (host:pid:instance), which renews `leaseUntil` while it runs. */
  @TextColumn(80, { nullable: true })
  owner!: string | null;

  @InstantColumn({ name: 'lease_until', nullable: true })
  leaseUntil!: string | null;

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

  /** The log line with the cause of error (a sentence). */
  @TextColumn(36, { name: 'error_id', nullable: true })
  errorId!: string | null;
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
