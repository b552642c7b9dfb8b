import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, TextColumn } from '../database/columns.js';

/**
 * An issuer and the four ways it can be tied to a parent. Its family is decided by precedence:
 * economic parent, then the parent named by holdings rows, then the hierarchy, then GLEIF, else itself.
 */
@Entity('issuers')
export class IssuerEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @TextColumn(300)
  name!: string;

  @Index('IX_issuers_normalized_name')
  @TextColumn(300, { name: 'normalized_name' })
  normalizedName!: string;

  @Index('UQ_issuers_lei', { unique: true })
  @TextColumn(20, { nullable: true })
  lei!: string | null;

  @Index('IX_issuers_cusip6')
  @TextColumn(6, { nullable: true })
  cusip6!: string | null;

  @Column({ type: 'integer', name: 'economic_parent_id', nullable: true })
  economicParentId!: number | null;

  @Column({ type: 'integer', name: 'declared_parent_id', nullable: true })
  declaredParentId!: number | null;

  @Column({ type: 'integer', name: 'hierarchy_parent_id', nullable: true })
  hierarchyParentId!: number | null;

  /** From GLEIF's reference data; the hierarchy's weakest link: any explicit parent wins over it. */
  @Column({ type: 'integer', name: 'gleif_parent_id', nullable: true })
  gleifParentId!: number | null;

  /** Left out of EACH_ISSUER_FAMILY limits (the single-person rule), as the US Treasury and agencies are; counted everywhere else. */
  @Column({ type: 'boolean', name: 'limit_exempt', default: false })
  limitExempt!: boolean;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;
}
