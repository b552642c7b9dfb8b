import { Entity, Index, PrimaryColumn } from 'typeorm';
import { TextColumn } from '../database/columns.js';

/** The legal name of an LEI, from GLEIF's Level 1 file (reference data, replaced by each newer file). */
@Entity('gleif_lei_records')
export class GleifLeiRecordEntity {
  @PrimaryColumn({ type: 'integer' })
  line!: number;

  @Index('IX_gleif_lei_records_lei')
  @TextColumn(20)
  lei!: string;

  @TextColumn(300, { name: 'legal_name' })
  legalName!: string;
}
