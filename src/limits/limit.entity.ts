import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CentsColumn, InstantColumn, IsoDateColumn, RateColumn, TextColumn } from '../database/columns.js';
import type { Basis, Measure } from '../risk/model.js';
import type { LimitScopeDto } from './limit.dto.js';

/** The stable identity of a limit; its terms live in versions. */
@Entity('limits')
export class LimitEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer', name: 'current_version' })
  currentVersion!: number;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;

  @InstantColumn({ name: 'deleted_at', nullable: true })
  deletedAt!: string | null;

  /** The preset it was created from, e.g. naic-model-280-life; null: created on its own */
  @TextColumn(60, { name: 'preset_id', nullable: true })
  presetId!: string | null;
}

/** One version of a limit's terms: a change adds a version and never rewrites an old one. */
@Entity('limit_versions')
@Index('UQ_limit_versions_limit_version', ['limitId', 'version'], { unique: true })
export class LimitVersionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer', name: 'limit_id' })
  limitId!: number;

  @Column({ type: 'integer' })
  version!: number;

  @TextColumn(200)
  name!: string;

  /** null: the limit applies to every portfolio separately */
  @Column({ type: 'integer', name: 'portfolio_id', nullable: true })
  portfolioId!: number | null;

  @Column({ type: 'simple-json' })
  scope!: LimitScopeDto;

  @TextColumn(16)
  measure!: Measure;

  @TextColumn(24)
  basis!: Basis;

  @CentsColumn({ name: 'limit_amount_cents', nullable: true })
  limitAmountCents!: number | null;

  @RateColumn({ name: 'limit_pct', nullable: true })
  limitPct!: number | null;

  @RateColumn({ name: 'warn_at_pct' })
  warnAtPct!: number;

  @IsoDateColumn({ name: 'effective_from', nullable: true })
  effectiveFrom!: string | null;

  @IsoDateColumn({ name: 'effective_to', nullable: true })
  effectiveTo!: string | null;

  /** Where the limit comes from: a statute section, a board minute. */
  @TextColumn(500, { nullable: true })
  source!: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;
}
