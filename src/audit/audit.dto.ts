import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import type { AuditEntryEntity } from './audit-entry.entity.js';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only entries about this kind of record, e.g. portfolio, snapshot, issuer, user' })
  @IsOptional()
  @IsString()
  entity?: string;
}

export class AuditActorView {
  @ApiProperty({ type: Number, nullable: true, description: 'The user; null for the service itself (e.g. a scheduled run)' }) id!:
    number | null;
  @ApiProperty() email!: string;
}

export class AuditEntryView {
  @ApiProperty() id!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: AuditActorView }) actor!: AuditActorView;
  @ApiProperty({ example: 'limit.update' }) action!: string;
  @ApiProperty({ example: 'limit' }) entity!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The record before the change' })
  before!: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The record after the change' }) after!: unknown;
}

export function toAuditEntryView(row: AuditEntryEntity): AuditEntryView {
  return {
    id: row.id,
    at: row.at,
    actor: { id: row.actorId, email: row.actorEmail },
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
  };
}
