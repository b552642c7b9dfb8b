import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { EvaluationRunEntity } from './evaluation-run.entity.js';

export class RunEvaluationDto {
  @ApiPropertyOptional({ type: [String], description: 'Portfolio codes; default: every portfolio' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  portfolios?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Scenario names; default: all' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  scenarios?: string[];

  @ApiPropertyOptional({ default: 24, minimum: 1, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  horizonMonths?: number;
}

export function toRunView(run: EvaluationRunEntity) {
  const { id, trigger, scheduledFor, attempt, startedAt, finishedAt, status, counts, error } = run;
  return { id, trigger, scheduledFor, attempt, startedAt, finishedAt, status, counts, ...(error && { error }) };
}
