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
}
