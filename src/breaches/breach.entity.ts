import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CentsColumn, InstantColumn, IsoDateColumn, RateColumn, TextColumn, UtilizationColumn } from '../database/columns.js';
import type { Severity } from './severity.js';

export type BreachKind = 'CURRENT' | 'PROJECTED';
export type BreachStatus = 'OPEN' | 'ACKNOWLEDGED' | 'WAIVED' | 'RESOLVED';
export type Resolution = 'UNDER_LIMIT' | 'LIMIT_ENDED' | 'SUPERSEDED' | 'NOT_HELD';

/** A waiver asked for by one officer, waiting for a second one (or an admin) to approve it. */
export interface WaiverRequest {
  id: string;
  requestedBy: { id: number; email: string };
  requestedAt: string;
  until: string;
  reason: string;
}

/** A limit condition, identified by (portfolio, limit, scope, kind, scenario), from open to resolved. */
@Entity('breaches')
@Index('IX_breaches_identity', ['identity', 'status'])
@Index('IX_breaches_group', ['groupKey'])
export class BreachEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** portfolio|limit|scope|kind|scenario: at most one breach per identity is not RESOLVED */
  @TextColumn(300)
  identity!: string;

  @Column({ type: 'integer', name: 'portfolio_id' })
  portfolioId!: number;

  @Column({ type: 'integer', name: 'limit_id' })
  limitId!: number;

  @TextColumn(160, { name: 'scope_key' })
  scopeKey!: string;

  /** portfolio|limit|scope: one problem, whose CURRENT breach and one per scenario form a group */
  @TextColumn(200, { name: 'group_key', default: '' })
  groupKey!: string;

  /** The families the scope holds, as ",12,40,": what an issuer filter looks in */
  @Column({ type: 'text', name: 'member_ids', nullable: true })
  memberIds!: string | null;

  @TextColumn(300, { name: 'scope_label' })
  scopeLabel!: string;

  @TextColumn(10)
  kind!: BreachKind;

  @TextColumn(60, { nullable: true })
  scenario!: string | null;

  @TextColumn(10)
  severity!: Severity;

  @CentsColumn({ name: 'exposure_cents' })
  exposureCents!: number;

  @CentsColumn({ name: 'limit_cents' })
  limitCents!: number;

  @UtilizationColumn({ name: 'utilization_pct' })
  utilizationPct!: number;

  @CentsColumn({ name: 'current_exposure_cents' })
  currentExposureCents!: number;

  @IsoDateColumn({ name: 'projected_breach_date', nullable: true })
  projectedBreachDate!: string | null;

  @RateColumn({ name: 'breach_probability', nullable: true })
  breachProbability!: number | null;

  @TextColumn(12, { name: 'probability_method', nullable: true })
  probabilityMethod!: string | null;

  @TextColumn(12)
  status!: BreachStatus;

  @InstantColumn({ name: 'opened_at' })
  openedAt!: string;

  @Column({ type: 'integer', name: 'last_seen_run_id' })
  lastSeenRunId!: number;

  @InstantColumn({ name: 'resolved_at', nullable: true })
  resolvedAt!: string | null;

  @IsoDateColumn({ name: 'waived_until', nullable: true })
  waivedUntil!: string | null;

  @TextColumn(20, { nullable: true })
  resolution!: Resolution | null;

  @Column({ type: 'simple-json', name: 'waiver_request', nullable: true })
  waiverRequest!: WaiverRequest | null;
}

@Entity('breach_events')
@Index('IX_breach_events_breach', ['breachId'])
export class BreachEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer', name: 'breach_id' })
  breachId!: number;

  @InstantColumn()
  at!: string;

  @TextColumn(20)
  type!: string;

  @TextColumn(254, { name: 'actor_email' })
  actorEmail!: string;

  @Column({ type: 'integer', name: 'run_id', nullable: true })
  runId!: number | null;

  @Column({ type: 'text', nullable: true })
  text!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  data!: object | null;
}
