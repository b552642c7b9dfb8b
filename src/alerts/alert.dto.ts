import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import type { OutboxMessageEntity, OutboxStatus } from './outbox-message.entity.js';

export const OUTBOX_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;

export class AlertQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;
}

export class RetryAlertDto {
  @ApiProperty({
    example: 'The mail relay rejected our sender; fixed by IT (ticket 4411)',
    description: 'Why it is sent again, for the audit log',
  })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class AlertView {
  @ApiProperty() id!: number;
  @ApiProperty({ example: '<run-12.5f0c9a1e@monitor.example.com>' }) messageId!: string;
  @ApiProperty() to!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: OUTBOX_STATUSES }) status!: OutboxStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time', description: 'When a PENDING email is tried next' }) nextAttemptAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed, in a sentence' }) lastError!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The errorId of the log line with the SMTP reply or the system error',
  })
  lastErrorId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The evaluation run that wrote it' }) runId!: number | null;
}

export function toAlertView(row: OutboxMessageEntity): AlertView {
  return {
    id: row.id,
    messageId: row.messageId,
    to: row.to,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    lastErrorId: row.lastErrorId,
    sentAt: row.sentAt,
    createdAt: row.createdAt,
    runId: row.runId,
  };
}
