import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { centsToNumber } from '../common/money.js';
import { PageQuery } from '../common/pagination.js';
import { IN_BASE_CURRENCY, IsIsoDate } from '../common/validation.js';
import { PROBABILITY_METHODS } from '../projection/projection.dto.js';
import type { LimitLabel } from '../limits/limit-labels.js';
import { MEASURES } from '../limits/limit.dto.js';
import type { Measure } from '../risk/model.js';
import type { BreachEntity, BreachEventEntity, BreachKind, BreachStatus, Resolution } from './breach.entity.js';
import { SEVERITIES, type Severity } from './severity.js';

const STATUSES = ['OPEN', 'ACKNOWLEDGED', 'WAIVED', 'RESOLVED'] as const;
const KINDS = ['CURRENT', 'PROJECTED'] as const;
const RESOLUTIONS = ['UNDER_LIMIT', 'LIMIT_ENDED', 'SUPERSEDED', 'NOT_HELD'] as const;

export class BreachQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  portfolio?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: string;

  @ApiPropertyOptional({ enum: KINDS })
  @IsOptional()
  @IsIn(KINDS)
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
  @ApiPropertyOptional({
    default: false,
    description: 'Apply to every open breach of the group (today and each scenario), not only this one',
  })
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

export class LimitLabelView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Where the limit comes from' }) source!: string | null;
}

export class BreachScopeView {
  @ApiProperty({ example: 'family:12', description: 'family:<id>, sector:<name>, naic:<min>-<max>, group:<name> or portfolio' })
  key!: string;
  @ApiProperty({ example: 'Meta Platforms Inc', description: 'Family name, sector, NAIC range or group name' }) label!: string;
}

export class WaiverRequesterView {
  @ApiProperty() id!: number;
  @ApiProperty() email!: string;
}

export class WaiverRequestView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: WaiverRequesterView }) requestedBy!: WaiverRequesterView;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'date' }) until!: string;
  @ApiProperty() reason!: string;
}

export class BreachView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'portfolio|limit|scope: the breaches of one problem, today and under each scenario' }) groupKey!: string;
  @ApiProperty({ example: 'LIFE-GA' }) portfolio!: string;
  @ApiProperty() limitId!: number;
  @ApiProperty({ type: LimitLabelView, nullable: true }) limit!: LimitLabelView | null;
  @ApiProperty({ type: BreachScopeView }) scope!: BreachScopeView;
  @ApiProperty({ enum: KINDS }) kind!: BreachKind;
  @ApiProperty({ type: String, nullable: true, description: 'null for a CURRENT breach' }) scenario!: string | null;
  @ApiProperty({ enum: SEVERITIES }) severity!: Severity;
  @ApiProperty({
    example: 'EUR',
    description: "The portfolio's base currency: what exposure, limitAmount, currentExposure and the breakdown's amounts are in",
  })
  currency!: string;
  @ApiProperty({
    description: `${IN_BASE_CURRENCY}; for a PROJECTED breach, at its projected breach date (a WARNING: its month of highest utilization)`,
  })
  exposure!: number;
  @ApiProperty({ description: `${IN_BASE_CURRENCY}, at the same date as exposure` }) limitAmount!: number;
  @ApiProperty() utilizationPct!: number;
  @ApiProperty({ description: `Today's exposure, ${IN_BASE_CURRENCY}` }) currentExposure!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) projectedBreachDate!: string | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 }) breachProbability!: number | null;
  @ApiProperty({ type: String, enum: PROBABILITY_METHODS, nullable: true }) probabilityMethod!: string | null;
  @ApiProperty({ enum: STATUSES }) status!: BreachStatus;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) waivedUntil!: string | null;
  @ApiProperty() lastSeenRunId!: number;
  @ApiProperty({ type: String, enum: RESOLUTIONS, nullable: true }) resolution!: Resolution | null;
  @ApiProperty({ type: WaiverRequestView, nullable: true, description: 'A waiver asked for and not yet approved or rejected' })
  waiverRequest!: WaiverRequestView | null;
}

export class BreachEventView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({
    example: 'ACKNOWLEDGED',
    description:
      'By a run: OPENED, ESCALATED, EARLIER, WAIVER_ENDED, RESOLVED; by an officer: ACKNOWLEDGED, COMMENT, WAIVER_REQUESTED, WAIVED, WAIVER_REJECTED',
  })
  type!: string;
  @ApiProperty({ description: "The user's email, or system for a run" }) actor!: string;
  @ApiProperty({ type: Number, nullable: true }) runId!: number | null;
  @ApiProperty({ type: String, nullable: true }) text!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) data!: object | null;
}

export class BreakdownMemberView {
  @ApiProperty() issuerId!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) lei!: string | null;
  @ApiProperty() familyId!: number;
  @ApiProperty({ description: `At the limit's measure, net of CDS protection, ${IN_BASE_CURRENCY}` }) exposure!: number;
}

export class BreakdownLotView {
  @ApiProperty({ description: 'Line of the holdings file' }) row!: number;
  @ApiProperty() issuer!: string;
  @ApiProperty({ enum: ['BOND', 'CDS_PROTECTION'] }) assetType!: string;
  @ApiProperty({ type: String, nullable: true }) cusip!: string | null;
  @ApiProperty({ type: String, nullable: true }) isin!: string | null;
  @ApiProperty({ description: IN_BASE_CURRENCY }) par!: number;
  @ApiProperty({ description: IN_BASE_CURRENCY }) marketValue!: number;
  @ApiProperty({ description: IN_BASE_CURRENCY }) bookValue!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) maturityDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) naicDesignation!: string | null;
  @ApiProperty({ description: `What it adds to the exposure, ${IN_BASE_CURRENCY}; CDS protection counts negative` }) contribution!: number;
  @ApiProperty({
    example: 'EUR',
    description: "The lot's own currency (ISO 4217); par, marketValue, bookValue and contribution are in the portfolio's base currency",
  })
  currency!: string;
  @ApiProperty({ description: "Par in the lot's own currency, as the holdings file gave it" }) originalPar!: number;
  @ApiProperty({ description: "Market value in the lot's own currency" }) originalMarketValue!: number;
  @ApiProperty({ description: "Book value in the lot's own currency" }) originalBookValue!: number;
}

/** What makes a breach's exposure in the portfolio's current snapshot: its issuers and its lots, largest first. */
export class BreakdownView {
  @ApiProperty({ type: Number, nullable: true }) snapshotId!: number | null;
  @ApiProperty({ enum: MEASURES }) measure!: Measure;
  @ApiProperty({ type: [BreakdownMemberView], description: 'The first 100' }) members!: BreakdownMemberView[];
  @ApiProperty() membersTotal!: number;
  @ApiProperty({ type: [BreakdownLotView], description: 'The 50 largest' }) lots!: BreakdownLotView[];
  @ApiProperty() lotsTotal!: number;
}

export class BreachDetailView extends BreachView {
  @ApiProperty({ type: [BreachEventView] }) history!: BreachEventView[];
  @ApiProperty({ type: BreakdownView, nullable: true }) breakdown!: BreakdownView | null;
}

/** One problem (portfolio, limit, scope): its breaches today and under each scenario. */
export class BreachGroupView {
  @ApiProperty() groupKey!: string;
  @ApiProperty() portfolio!: string;
  @ApiProperty() limitId!: number;
  @ApiProperty({ type: LimitLabelView, nullable: true }) limit!: LimitLabelView | null;
  @ApiProperty({ type: BreachScopeView }) scope!: BreachScopeView;
  @ApiProperty({ example: 'EUR', description: "The portfolio's base currency: what its members' amounts are in" }) currency!: string;
  @ApiProperty({ enum: SEVERITIES, description: 'The worst of its members' }) severity!: Severity;
  @ApiProperty({ enum: STATUSES, description: 'The most pressing of its members' }) status!: BreachStatus;
  @ApiProperty({ description: 'The highest of its members' }) utilizationPct!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The earliest of its members' }) projectedBreachDate!:
    string | null;
  @ApiProperty({ type: [String] }) scenarios!: string[];
  @ApiProperty({ type: [BreachView] }) members!: BreachView[];
}

/** `portfolio` and `currency`: the code and the base currency of the breach's portfolio. */
export function toBreachView(b: BreachEntity, portfolio: string, currency: string, limit: LimitLabel | undefined): BreachView {
  return {
    id: b.id,
    groupKey: b.groupKey,
    portfolio,
    limitId: b.limitId,
    limit: limit ?? null,
    scope: { key: b.scopeKey, label: b.scopeLabel },
    kind: b.kind,
    scenario: b.scenario,
    severity: b.severity,
    currency,
    exposure: centsToNumber(b.exposureCents),
    limitAmount: centsToNumber(b.limitCents),
    utilizationPct: b.utilizationPct,
    currentExposure: centsToNumber(b.currentExposureCents),
    projectedBreachDate: b.projectedBreachDate,
    breachProbability: b.breachProbability,
    probabilityMethod: b.probabilityMethod,
    status: b.status,
    openedAt: b.openedAt,
    resolvedAt: b.resolvedAt,
    waivedUntil: b.waivedUntil,
    lastSeenRunId: b.lastSeenRunId,
    resolution: b.resolution,
    waiverRequest: b.waiverRequest,
  };
}

export function toEventView(e: BreachEventEntity): BreachEventView {
  return { at: e.at, type: e.type, actor: e.actorEmail, runId: e.runId, text: e.text, data: e.data };
}
