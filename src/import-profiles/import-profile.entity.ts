import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, TextColumn } from '../database/columns.js';
import type { HoldingColumn } from '../files/holding-columns.js';
import type { NumberFormat } from './number-format.js';

/** How to read a custodian's, an accounting system's or a fund's export (SPEC 5.9); the lists are JSON text on both databases. */
@Entity('import_profiles')
export class ImportProfileEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('UQ_import_profiles_name', { unique: true })
  @TextColumn(60)
  name!: string;

  @Column({ type: 'simple-json' })
  columns!: Partial<Record<HoldingColumn, string>>;

  @TextColumn(40, { name: 'date_format' })
  dateFormat!: string;

  @TextColumn(10, { name: 'number_format' })
  numberFormat!: NumberFormat;

  @Column({ type: 'simple-json', name: 'empty_values' })
  emptyValues!: string[];

  @Column({ type: 'simple-json', name: 'include_filter', nullable: true })
  include!: { column: string; values: string[] } | null;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;

  @InstantColumn({ name: 'updated_at' })
  updatedAt!: string;
}
