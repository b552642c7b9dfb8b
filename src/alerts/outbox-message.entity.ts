import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, TextColumn } from '../database/columns.js';

export type OutboxStatus = 'PENDING' | 'SENT' | 'FAILED';

/** A chart the HTML part shows as <img src="cid:...">, kept as SVG and rendered to PNG when the email is sent. */
export interface InlineImage {
  /** The Content-ID, without its angle brackets */
  cid: string;
  svg: string;
}

/** An email written in the same transaction as the run that caused it; the worker sends it. */
@Entity('outbox')
@Index('IX_outbox_due', ['status', 'nextAttemptAt'])
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('UQ_outbox_message_id', { unique: true })
  @TextColumn(200, { name: 'message_id' })
  messageId!: string;

  @Column({ type: 'integer', name: 'run_id', nullable: true })
  runId!: number | null;

  /** The ids of the portfolios the email concerns, as ",1,3,"; null: none (only users of every portfolio see it). */
  @Column({ type: 'text', name: 'portfolio_ids', nullable: true })
  portfolioIds!: string | null;

  @TextColumn(254, { name: 'to_address' })
  to!: string;

  @TextColumn(300)
  subject!: string;

  @Column({ type: 'text', name: 'text_body' })
  textBody!: string;

  @Column({ type: 'text', name: 'html_body' })
  htmlBody!: string;

  /** The charts of the HTML part, in order (attached as chart-1.png, chart-2.png...); null: none. */
  @Column({ type: 'simple-json', name: 'inline_images', nullable: true })
  inlineImages!: InlineImage[] | null;

  @TextColumn(10)
  status!: OutboxStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @InstantColumn({ name: 'next_attempt_at' })
  nextAttemptAt!: string;

  /** A worker's claim: no one else sends the row until the lease ends. */
  @InstantColumn({ name: 'lease_until', nullable: true })
  leaseUntil!: string | null;

  @TextColumn(80, { name: 'lease_owner', nullable: true })
  leaseOwner!: string | null;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;

  /** The log line with the cause of lastError (a sentence). */
  @TextColumn(36, { name: 'last_error_id', nullable: true })
  lastErrorId!: string | null;

  @InstantColumn({ name: 'sent_at', nullable: true })
  sentAt!: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;
}
