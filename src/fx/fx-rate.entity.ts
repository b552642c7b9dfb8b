import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, IsoDateColumn, TextColumn } from '../database/columns.js';

/**
 * A reference rate (SPEC 5.10): on `date`, 1 `base` = `rate` `quote`. The rate is kept as the file
 * wrote it ("1.0866"), as text, so that it stays exact on both databases; a later file's rate for
 * the same date and pair replaces it.
 */
@Entity('fx_rates')
@Index('UQ_fx_rates_date_pair', ['date', 'base', 'quote'], { unique: true })
@Index('IX_fx_rates_pair_date', ['base', 'quote', 'date'])
export class FxRateEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @IsoDateColumn()
  date!: string;

  @TextColumn(3)
  base!: string;

  @TextColumn(3)
  quote!: string;

  @TextColumn(32)
  rate!: string;

  @InstantColumn({ name: 'loaded_at' })
  loadedAt!: string;

  /** The email of who uploaded the file that gave this rate. */
  @TextColumn(254, { name: 'loaded_by' })
  loadedBy!: string;
}
