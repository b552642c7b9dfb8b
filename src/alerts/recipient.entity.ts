import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, RateColumn, TextColumn, UtilizationColumn } from '../database/columns.js';
import type { Severity } from '../breaches/severity.js';

@Entity('recipients')
export class RecipientEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @TextColumn(254)
  email!: string;

  /** Portfolio codes, or null: every portfolio */
  @Column({ type: 'simple-json', nullable: true })
  portfolios!: string[] | null;

  @TextColumn(10, { name: 'min_severity' })
  minSeverity!: Severity;

  @RateColumn({ name: 'repeat_interval_hours' })
  repeatIntervalHours!: number;

  /** An open breach whose utilization rose by this many points since it was last told is told again. */
  @RateColumn({ name: 'worsening_pct', default: 10 })
  worseningPct!: number;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;

  @InstantColumn({ name: 'deleted_at', nullable: true })
  deletedAt!: string | null;
}

/** When a recipient was last told about a breach: the repeat interval counts from here. */
@Entity('breach_notifications')
@Index('IX_breach_notifications_breach', ['breachId', 'recipientId'])
export class BreachNotificationEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer', name: 'recipient_id' })
  recipientId!: number;

  @Column({ type: 'integer', name: 'breach_id' })
  breachId!: number;

  @InstantColumn({ name: 'notified_at' })
  notifiedAt!: string;

  /** The utilization the recipient was told: a worsening counts from here. */
  @UtilizationColumn({ name: 'utilization_pct', nullable: true })
  utilizationPct!: number | null;
}
