import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { centsToNumber } from '../common/money.js';
import { PageQuery } from '../common/pagination.js';
import { IsIsoDate } from '../common/validation.js';
import type { LimitLabel } from '../limits/limit-labels.js';
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

  @ApiPropertyOptional({ description: 'Issuer id, LEI, CUSIP-6 or name: the breaches of its family and of the aggregates holding it' })
  @IsOptional()
  @IsString()
  issuer?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limitId?: number;

  @ApiPropertyOptional({ enum: ['group'], description: 'group: one item per problem (portfolio, limit, scope) with its breaches inside' })
  @IsOptional()
  @IsIn(['group'])
  groupBy?: 'group';
}

/** Acknowledge or waive one breach, or with `group: true` every open breach of its group. */
class GroupAction {
  @ApiPropertyOptional({ default: false, description: 'Apply to every open breach of the group (today and each scenario), not only this one' })
  @IsOptional()
  @IsBoolean()
  group?: boolean;
}

export class AcknowledgeDto extends GroupAction {
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

export class WaiveDto extends GroupAction {
  @IsIsoDate()
  until!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  reason!: string;
}

export class RejectWaiverDto {
  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  reason!: string;
}

export function toBreachView(b: BreachEntity, portfolio: string, limit: LimitLabel | undefined) {
  return {
    id: b.id, groupKey: b.groupKey, portfolio, limitId: b.limitId, limit: limit ?? null, scope: { key: b.scopeKey, label: b.scopeLabel }, kind: b.kind, scenario: b.scenario,
    severity: b.severity, exposure: centsToNumber(b.exposureCents), limitAmount: centsToNumber(b.limitCents), utilizationPct: b.utilizationPct,
    currentExposure: centsToNumber(b.currentExposureCents), projectedBreachDate: b.projectedBreachDate, breachProbability: b.breachProbability,
    probabilityMethod: b.probabilityMethod, status: b.status, openedAt: b.openedAt, resolvedAt: b.resolvedAt, waivedUntil: b.waivedUntil,
    lastSeenRunId: b.lastSeenRunId, resolution: b.resolution, waiverRequest: b.waiverRequest,
  };
}

export function toEventView(e: BreachEventEntity) {
  return { at: e.at, type: e.type, actor: e.actorEmail, runId: e.runId, text: e.text, data: e.data };
}
