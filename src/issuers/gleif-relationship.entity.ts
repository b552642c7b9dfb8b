import { Entity, Index, PrimaryColumn } from 'typeorm';
import { TextColumn } from '../database/columns.js';

export const CONSOLIDATIONS = ['ULTIMATE', 'DIRECT'] as const;
export type Consolidation = (typeof CONSOLIDATIONS)[number];

/**
 * An ACTIVE consolidation relationship of GLEIF's Level 2 file (reference data, replaced by each
 * newer file): the child is ultimately or directly consolidated by the parent. Keyed by the line
 * of the file, so that a file naming the same relationship twice is still read.
 */
@Entity('gleif_relationships')
export class GleifRelationshipEntity {
  @PrimaryColumn({ type: 'integer' })
  line!: number;

  @Index('IX_gleif_relationships_child_lei')
  @TextColumn(20, { name: 'child_lei' })
  childLei!: string;

  @TextColumn(20, { name: 'parent_lei' })
  parentLei!: string;

  @TextColumn(8)
  consolidation!: Consolidation;
}
