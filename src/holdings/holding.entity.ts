import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CentsColumn, IsoDateColumn, RateColumn, TextColumn } from '../database/columns.js';

export type AssetType = 'BOND' | 'CDS_PROTECTION';

/** A row of an uploaded file, keyed by its line: lots of the same security stay separate rows. */
@Entity('holdings')
export class HoldingEntity {
  @PrimaryColumn({ type: 'integer', name: 'snapshot_id' })
  snapshotId!: number;

  @PrimaryColumn({ type: 'integer', name: 'row_no' })
  rowNo!: number;

  @Column({ type: 'integer', name: 'issuer_id' })
  issuerId!: number;

  @TextColumn(16, { name: 'asset_type' })
  assetType!: AssetType;

  @TextColumn(9, { nullable: true })
  cusip!: string | null;

  @TextColumn(12, { nullable: true })
  isin!: string | null;

  @TextColumn(300, { name: 'issuer_name' })
  issuerName!: string;

  @TextColumn(20, { name: 'issuer_lei', nullable: true })
  issuerLei!: string | null;

  /** In the snapshot's base currency (converted at its as-of date when `currency` is another) */
  @CentsColumn({ name: 'par_cents' })
  parCents!: number;

  @CentsColumn({ name: 'market_cents' })
  marketCents!: number;

  @CentsColumn({ name: 'book_cents' })
  bookCents!: number;

  /** The holding's own currency, as the file gave it (ISO 4217) */
  @TextColumn(3)
  currency!: string;

  /**
   * The amounts as the file gave them, in `currency`; null when that is the snapshot's base currency
   * (then they are parCents, marketCents and bookCents, which are always in the base currency).
   */
  @CentsColumn({ name: 'original_par_cents', nullable: true })
  originalParCents!: number | null;

  @CentsColumn({ name: 'original_market_cents', nullable: true })
  originalMarketCents!: number | null;

  @CentsColumn({ name: 'original_book_cents', nullable: true })
  originalBookCents!: number | null;

  @IsoDateColumn({ name: 'maturity_date', nullable: true })
  maturityDate!: string | null;

  @RateColumn({ name: 'coupon_rate', nullable: true })
  couponRate!: number | null;

  @TextColumn(3, { name: 'naic_designation', nullable: true })
  naicDesignation!: string | null;

  @TextColumn(100, { nullable: true })
  sector!: string | null;
}
