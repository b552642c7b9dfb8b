import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CentsColumn, RateColumn, TextColumn } from '../database/columns.js';

/**
 * A snapshot's holdings summed by issuer, kind, maturity month, coupon, NAIC and sector, written
 * with the snapshot. Snapshots never change, so the projection reads these few thousand rows
 * instead of grouping a million holdings on every run.
 */
@Entity('snapshot_buckets')
export class SnapshotBucketEntity {
  @PrimaryColumn({ type: 'integer', name: 'snapshot_id' })
  snapshotId!: number;

  @PrimaryColumn({ type: 'integer', name: 'bucket_no' })
  bucketNo!: number;

  @Column({ type: 'integer', name: 'issuer_id' })
  issuerId!: number;

  @TextColumn(16, { name: 'asset_type' })
  assetType!: 'BOND' | 'CDS_PROTECTION';

  @TextColumn(7, { name: 'maturity_month', nullable: true })
  maturityMonth!: string | null;

  @RateColumn({ name: 'coupon_rate', nullable: true })
  couponRate!: number | null;

  @Column({ type: 'integer', nullable: true })
  naic!: number | null;

  @TextColumn(100, { nullable: true })
  sector!: string | null;

  /** The holdings' own currency; the amounts are in the snapshot's base currency */
  @TextColumn(3, { default: 'USD' })
  currency!: string;

  @CentsColumn({ name: 'par_cents' })
  parCents!: number;

  @CentsColumn({ name: 'market_cents' })
  marketCents!: number;

  @CentsColumn({ name: 'book_cents' })
  bookCents!: number;

  /** Modified duration (to each bond's own maturity date) x market value, summed, in whole cent-years */
  @CentsColumn({ name: 'dollar_duration_cents' })
  dollarDurationCents!: number;
}
