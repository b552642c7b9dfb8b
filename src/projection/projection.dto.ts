import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { centsToNumber } from '../common/money.js';
import type { LimitCheck, MonthPoint } from '../risk/model.js';

export class ExposureQuery {
  @ApiPropertyOptional({ default: 'base' })
  @IsOptional()
  @IsString()
  scenario?: string;

  @ApiPropertyOptional({ default: 24, minimum: 1, maximum: 120 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(120)
  horizon?: number;
}

export class CapacityQuery {
  @ApiPropertyOptional({ description: 'Portfolio code' })
  @IsString()
  portfolio!: string;
}

function toPoint(p: MonthPoint) {
  return { date: p.date, exposure: centsToNumber(p.exposureCents), limit: centsToNumber(p.limitCents), headroom: centsToNumber(p.headroomCents), utilizationPct: p.utilizationPct };
}

export function toExposureView(check: LimitCheck) {
  return {
    limitId: check.limitId,
    limitName: check.limitName,
    scopeKey: check.scopeKey,
    scope: check.scopeLabel,
    familyIds: check.familyIds,
    measure: check.measure,
    exposure: centsToNumber(check.current.exposureCents),
    limit: centsToNumber(check.current.limitCents),
    headroom: centsToNumber(check.current.headroomCents),
    utilizationPct: check.current.utilizationPct,
    status: check.current.status,
    projectedStatus: check.projectedStatus,
    projectedBreachDate: check.projectedBreachDate,
    breachProbability: check.breachProbability?.value ?? null,
    probabilityMethod: check.breachProbability?.method ?? null,
    months: check.months.map(toPoint),
  };
}
