import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, IsoDateColumn, TextColumn } from '../database/columns.js';

/** One upload: the portfolio's holdings as of a date, never changed afterwards. */
@Entity('snapshots')
@Index('IX_snapshots_portfolio_date', ['portfolioId', 'asOfDate'])
export class SnapshotEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer', name: 'portfolio_id' })
  portfolioId!: number;

  @IsoDateColumn({ name: 'as_of_date' })
  asOfDate!: string;

  @Index('IX_snapshots_content_sha256')
  @TextColumn(64, { name: 'content_sha256' })
  contentSha256!: string;

  @TextColumn(255, { name: 'file_name' })
  fileName!: string;

  @TextColumn(4)
  format!: 'CSV' | 'XLSX';

  @Column({ type: 'integer', name: 'row_count' })
  rowCount!: number;

  @Column({ type: 'integer', name: 'uploaded_by' })
  uploadedBy!: number;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;

  /** The portfolio's base currency when the snapshot was uploaded: every base amount of its holdings and buckets is in it */
  @TextColumn(3, { name: 'base_currency', default: 'USD' })
  baseCurrency!: string;

  /** The rates its holdings were converted at, as stored when it was uploaded; null when every holding is in the base currency */
  @Column({ type: 'simple-json', name: 'fx_rates', nullable: true })
  fxRates!: SnapshotRate[] | null;
}

/** A rate as stored (1 `base` = `rate` `quote`, the rate as written in the rates file), and the date it is of. */
export interface SnapshotRate {
  base: string;
  quote: string;
  rate: string;
  rateDate: string;
}
