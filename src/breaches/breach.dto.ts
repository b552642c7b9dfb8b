import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { centsToNumber } from '../common/money.js';
import { PageQuery } from '../common/pagination.js';
import { IsIsoDate } from '../common/validation.js';
import type { BreachEntity, BreachEventEntity } from './breach.entity.js';

export class BreachQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['OPEN', 'ACKNOWLEDGED', 'WAIVED', 'RESOLVED'] })
  @IsOptional()
  @IsIn(['OPEN', 'ACKNOWLEDGED', 'WAIVED', 'RESOLVED'])
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  portfolio?: string;

  @ApiPropertyOptional({ enum: ['WARNING', 'BREACH'] })
  @IsOptional()
  @IsIn(['WARNING', 'BREACH'])
  severity?: string;

  @ApiPropertyOptional({ enum: ['CURRENT', 'PROJECTED'] })
  @IsOptional()
  @IsIn(['CURRENT', 'PROJECTED'])
  kind?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  scenario?: string;
}

export class AcknowledgeDto {
  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  comment!: string;
}

export class CommentDto {
  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  text!: string;
}

export class WaiveDto {
  @IsIsoDate()
  until!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  reason!: string;
}

export function toBreachView(b: BreachEntity, portfolio: string) {
  return {
    id: b.id, portfolio, limitId: b.limitId, scope: { key: b.scopeKey, label: b.scopeLabel }, kind: b.kind, scenario: b.scenario,
    severity: b.severity, exposure: centsToNumber(b.exposureCents), limitAmount: centsToNumber(b.limitCents), utilizationPct: b.utilizationPct,
    currentExposure: centsToNumber(b.currentExposureCents), projectedBreachDate: b.projectedBreachDate, breachProbability: b.breachProbability,
    probabilityMethod: b.probabilityMethod, status: b.status, openedAt: b.openedAt, resolvedAt: b.resolvedAt, waivedUntil: b.waivedUntil,
    lastSeenRunId: b.lastSeenRunId,
  };
}

export function toEventView(e: BreachEventEntity) {
  return { at: e.at, type: e.type, actor: e.actorEmail, runId: e.runId, text: e.text, data: e.data };
}
