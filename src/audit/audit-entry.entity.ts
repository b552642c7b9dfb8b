import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, TextColumn } from '../database/columns.js';

@Entity('audit_log')
@Index('IX_audit_log_entity', ['entity', 'entityId'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @InstantColumn()
  at!: string;

  @Column({ type: 'integer', name: 'actor_id', nullable: true })
  actorId!: number | null;

  @TextColumn(254, { name: 'actor_email' })
  actorEmail!: string;

  @TextColumn(60)
  action!: string;

  @TextColumn(40)
  entity!: string;

  @TextColumn(60, { name: 'entity_id' })
  entityId!: string;

  @Column({ type: 'simple-json', nullable: true })
  before!: object | null;

  @Column({ type: 'simple-json', nullable: true })
  after!: object | null;
}
