import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { PageOf, type Page } from '../common/pagination.js';
import { ExposureView } from '../projection/projection.dto.js';
import type { Scenario } from '../risk/model.js';
import type { ConcentrationRow } from './concentration.js';
import type { EvaluationRunEntity, RunStatus, RunTrigger } from './evaluation-run.entity.js';

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

export class ResolvedByView {
  @ApiProperty() UNDER_LIMIT!: number;
  @ApiProperty() LIMIT_ENDED!: number;
  @ApiProperty() SUPERSEDED!: number;
  @ApiProperty() NOT_HELD!: number;
}

export class PortfolioFailureView {
  @ApiProperty({ example: 'LIFE-GA' }) portfolio!: string;
  @ApiProperty({ description: 'Why it could not be evaluated, in a sentence' }) message!: string;
  @ApiProperty({ format: 'uuid', description: 'The errorId of the log line with the cause' }) errorId!: string;
}

/** What a run found and did; opened + updated + resolved are the breaches it touched, resolvedBy adds up to resolved. */
export class RunCountsView {
  @ApiProperty({ description: 'Portfolios evaluated (those with holdings)' }) portfolios!: number;
  @ApiProperty({ description: 'Limit checks not OK, today and under each scenario' }) conditions!: number;
  @ApiProperty() breaches!: number;
  @ApiProperty() warnings!: number;
  @ApiProperty() opened!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() resolved!: number;
  @ApiProperty({ type: ResolvedByView }) resolvedBy!: ResolvedByView;
  @ApiProperty({ description: 'Digest emails queued, and the emails to admins about portfolios left out' }) emails!: number;
  @ApiProperty({ description: 'Portfolios with holdings the run could not evaluate (left out; the others were evaluated)' })
  portfoliosFailed!: number;
  @ApiProperty({ type: [PortfolioFailureView] }) failures!: PortfolioFailureView[];
}

export class RunView {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: ['SCHEDULED', 'MANUAL', 'CATCH_UP'] }) trigger!: RunTrigger;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The cron tick it stands for; null for a manual run' })
  scheduledFor!: string | null;
  @ApiProperty({ description: '2 for the re-run of a tick whose first run was interrupted' }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ enum: ['RUNNING', 'SUCCEEDED', 'FAILED'] }) status!: RunStatus;
  @ApiProperty({
    type: RunCountsView,
    nullable: true,
    description: 'null until the run has succeeded; for a user limited to some portfolios, null for a run that evaluated others too',
  })
  counts!: RunCountsView | null;
  @ApiPropertyOptional({ description: 'Why a FAILED run failed, in a sentence' }) error?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The errorId of the log line with the cause of a FAILED run' }) errorId?: string;
}

export class RunResultView extends ExposureView {
  @ApiProperty() portfolio!: string;
  @ApiProperty({ example: 'EUR', description: "The portfolio's base currency: every amount of the result is in it" }) currency!: string;
  @ApiProperty({ type: String, nullable: true }) scenario!: string | null;
}

export class RunDetailView extends RunView {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Snapshot ids, limit versions and scenario parameters, as they were',
  })
  inputs!: object | null;

  @ApiProperty({ type: PageOf(RunResultView), description: 'A page (limit, offset) of the checks that were not OK' })
  results!: Page<RunResultView>;
}

/**
 * What a run recorded of one portfolio it evaluated. name, asOfDate and concentration: runs since the
 * report shows them; currency: runs since base currencies other than USD (issue 20).
 */
export interface PortfolioRunInput {
  portfolio: string;
  name?: string;
  /** The portfolio's base currency, which the run's figures of it are in */
  currency?: string;
  snapshotId: number;
  asOfDate?: string;
  limitVersions: Array<{ id: number; version: number }>;
  concentration?: ConcentrationRow[];
}

/** A run's `inputs`, as it recorded them. */
export interface RunInputs {
  horizonMonths: number;
  scenarios: Scenario[];
  portfolios: PortfolioRunInput[];
}

/**
 * Portfolio code -> the base currency a run's figures of it are in, as the run recorded it. A run
 * made before runs recorded it was of USD portfolios: USD was the only base currency then, and a
 * portfolio's base currency does not change once it has holdings.
 */
export function runCurrencies(portfolios: PortfolioRunInput[] = []): (portfolio: string) => string {
  const recorded = new Map(portfolios.map((p) => [p.portfolio, p.currency ?? 'USD']));
  return (portfolio) => recorded.get(portfolio) ?? 'USD';
}

export function toRunView(run: EvaluationRunEntity): RunView {
  const { id, trigger, scheduledFor, attempt, startedAt, finishedAt, status, counts, error, errorId } = run;
  return {
    id,
    trigger,
    scheduledFor,
    attempt,
    startedAt,
    finishedAt,
    status,
    counts: counts as RunCountsView | null,
    ...(error && { error }),
    ...(errorId && { errorId }),
  };
}
