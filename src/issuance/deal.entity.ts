import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CentsColumn, InstantColumn, IsoDateColumn, RateColumn, TextColumn } from '../database/columns.js';

/** An expected new bond deal of an issuer; a forecast is stored as one deal a month. */
@Entity('deals')
@Index('IX_deals_issuer', ['issuerId'])
export class DealEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer', name: 'issuer_id' })
  issuerId!: number;

  @IsoDateColumn({ name: 'expected_date' })
  expectedDate!: string;

  /** In `currency` */
  @CentsColumn({ name: 'amount_cents' })
  amountCents!: number;

  /** ISO 4217; converted at the as-of date of the snapshot the deal is projected on */
  @TextColumn(3, { default: 'USD' })
  currency!: string;

  @RateColumn()
  probability!: number;

  @RateColumn({ name: 'tenor_years', nullable: true })
  tenorYears!: number | null;

  /** The deal's own NAIC designation, e.g. 2.B; null: its family's counts */
  @TextColumn(3, { name: 'naic_designation', nullable: true })
  naicDesignation!: string | null;

  @TextColumn(200, { nullable: true })
  source!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'integer', name: 'forecast_id', nullable: true })
  forecastId!: number | null;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;

  @InstantColumn({ name: 'updated_at' })
  updatedAt!: string;
}
