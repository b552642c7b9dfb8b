import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { centsToNumber, formatMoney } from '../common/money.js';
import { IN_BASE_CURRENCY } from '../common/validation.js';
import type { Binding, DealCapacity } from '../risk/capacity.js';
import type { ApplicableCheck } from '../risk/limits.js';
import { BASES, MEASURES } from '../limits/limit.dto.js';
import type { Basis, LimitCheck, Measure, MonthPoint, ProbabilityMethod, Status } from '../risk/model.js';

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

const PORTFOLIO_REQUIRED = 'portfolio is required: the code of the portfolio (e.g. LIFE-GA) whose holdings and limits bound the allocation';

export class CapacityQuery {
  @ApiProperty({ required: true, example: 'LIFE-GA', description: 'Code of the portfolio whose holdings and limits bound the allocation' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, { message: PORTFOLIO_REQUIRED })
  portfolio!: string;
}

export class BindingLimitView {
  @ApiProperty() limitId!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The family or aggregate it binds on: a family name, sector, NAIC range or group name' }) scopeLabel!: string;
}

export class CapacityView {
  @ApiProperty() dealId!: number;
  @ApiProperty() portfolio!: string;
  @ApiProperty({ description: "The deal's issuer family (its top issuer's id)" }) familyId!: number;
  @ApiProperty({ format: 'date' }) expectedDate!: string;
  @ApiProperty({ example: 'EUR', description: "The portfolio's base currency: what amount and maxAllocation are in" }) currency!: string;
  @ApiProperty({ description: `The whole deal, ${IN_BASE_CURRENCY}` }) amount!: number;
  @ApiProperty({
    description: `The largest allocation that keeps every limit in force at every date of the horizon, at most the whole deal, ${IN_BASE_CURRENCY}`,
  })
  maxAllocation!: number;
  @ApiProperty({
    type: BindingLimitView,
    nullable: true,
    description: 'The limit that stops a larger allocation; null when the whole deal fits',
  })
  bindingLimit!: BindingLimitView | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'When it binds: the month end, or the as-of date when already over',
  })
  bindingMonth!: string | null;
  @ApiProperty({
    example: 'The Meta Platforms Inc family is already over its "Single issuer 2.5%" limit (USD 250,200,000.40 against USD 225,000,000.00)',
  })
  reason!: string;
}

export interface CapacityDeal {
  dealId: number;
  portfolio: string;
  familyId: number;
  familyName: string;
  expectedDate: string;
  amountCents: number;
  /** The portfolio's base currency, which the amounts are in */
  currency: string;
}

/** "the Meta Platforms Inc family", "the Technology sector", "NAIC 3-6 holdings", "the AI hyperscalers group" */
function scopeName(check: ApplicableCheck): string {
  const kind = check.scopeKey.slice(0, check.scopeKey.indexOf(':'));
  if (kind === 'naic') return `${check.scopeLabel} holdings`;
  return `the ${check.scopeLabel} ${kind === 'family' ? 'family' : kind}`;
}

function bindingReason(b: Binding, currency: string): string {
  const scope = scopeName(b.check);
  const money = (cents: number) => formatMoney(cents, currency);
  const figures = `${money(b.exposureCents)} against ${money(b.limitCents)}`;
  if (b.overWithoutDeal) {
    const when = b.t === 0 ? 'is already over' : `is over on ${b.date}, even without this deal,`;
    return `${scope[0].toUpperCase()}${scope.slice(1)} ${when} its "${b.check.limit.name}" limit (${figures})`;
  }
  return `The "${b.check.limit.name}" limit on ${scope} binds on ${b.date}: ${figures} leaves ${money(b.capacityCents)} for this deal`;
}

function capacityReason(deal: CapacityDeal, { binding, limited }: DealCapacity): string {
  if (binding) return bindingReason(binding, deal.currency);
  const whole = `the whole deal (${formatMoney(deal.amountCents, deal.currency)}) fits`;
  return limited
    ? `Within every limit on the ${deal.familyName} family and the aggregates holding it ${whole}`
    : `No limit applies to the ${deal.familyName} family: ${whole}`;
}

export function toCapacityView(deal: CapacityDeal, capacity: DealCapacity): CapacityView {
  const { binding } = capacity;
  return {
    dealId: deal.dealId,
    portfolio: deal.portfolio,
    familyId: deal.familyId,
    expectedDate: deal.expectedDate,
    currency: deal.currency,
    amount: centsToNumber(deal.amountCents),
    maxAllocation: centsToNumber(capacity.maxAllocationCents),
    bindingLimit: binding
      ? { limitId: binding.check.limit.id, name: binding.check.limit.name, scopeLabel: binding.check.scopeLabel }
      : null,
    bindingMonth: binding?.date ?? null,
    reason: capacityReason(deal, capacity),
  };
}

const STATUSES = ['OK', 'WARNING', 'BREACH'] as const;
export const PROBABILITY_METHODS = ['EXACT', 'MONTE_CARLO'] as const;

export class MonthPointView {
  @ApiProperty({ format: 'date', description: 'A month end' }) date!: string;
  @ApiProperty() exposure!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() headroom!: number;
  @ApiProperty() utilizationPct!: number;
}

/** One limit applied to one family or aggregate, today and over the horizon. */
export class ExposureView {
  @ApiProperty() limitId!: number;
  @ApiProperty() limitName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Investment policy 4.2', description: 'Where the limit comes from' })
  source!: string | null;
  @ApiProperty({ enum: BASES, description: 'What the limit amount rests on: a fixed amount, or a percentage of a figure of the portfolio' })
  basis!: Basis;
  @ApiProperty({ type: Number, nullable: true, example: 2.5, description: 'PCT bases: the percentage; null for ABSOLUTE' })
  limitPct!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 40000000000,
    description: `PCT bases: the admitted assets (or capital and surplus) the percentage is of, today, ${IN_BASE_CURRENCY}; null for ABSOLUTE`,
  })
  basisAmount!: number | null;
  @ApiProperty({ example: 'family:12' }) scopeKey!: string;
  @ApiProperty({ example: 'Meta Platforms Inc', description: 'Family name, sector, NAIC range, group name or Portfolio' }) scope!: string;
  @ApiProperty({ type: [Number] }) familyIds!: number[];
  @ApiProperty({ enum: MEASURES }) measure!: Measure;
  @ApiProperty({ description: `Today's exposure, ${IN_BASE_CURRENCY}` }) exposure!: number;
  @ApiProperty({ description: IN_BASE_CURRENCY }) limit!: number;
  @ApiProperty({ description: `limit - exposure, ${IN_BASE_CURRENCY}` }) headroom!: number;
  @ApiProperty() utilizationPct!: number;
  @ApiProperty({ enum: STATUSES }) status!: Status;
  @ApiPropertyOptional({ format: 'date', description: 'The first month end the limit is in force at, when it is not in force today' })
  inForceFrom?: string;
  @ApiProperty({ enum: STATUSES }) projectedStatus!: Status;
  @ApiProperty({ type: String, format: 'date', nullable: true }) projectedBreachDate!: string | null;
  @ApiProperty({ type: Number, nullable: true }) breachProbability!: number | null;
  @ApiProperty({ type: String, enum: PROBABILITY_METHODS, nullable: true }) probabilityMethod!: ProbabilityMethod | null;
  @ApiProperty({ type: [MonthPointView] }) months!: MonthPointView[];
}

/** A portfolio's checks under a scenario: GET /api/portfolios/:code/exposures. */
export class ExposuresView {
  @ApiProperty() portfolio!: string;
  @ApiProperty({ description: 'The snapshot the holdings come from: the current one' }) snapshotId!: number;
  @ApiProperty({ format: 'date' }) asOfDate!: string;
  @ApiProperty({ example: 'EUR', description: "The portfolio's base currency: every amount of the items is in it" }) currency!: string;
  @ApiProperty() scenario!: string;
  @ApiProperty() horizonMonths!: number;
  @ApiProperty({ type: [ExposureView] }) items!: ExposureView[];
}

function toPoint(p: MonthPoint): MonthPointView {
  return {
    date: p.date,
    exposure: centsToNumber(p.exposureCents),
    limit: centsToNumber(p.limitCents),
    headroom: centsToNumber(p.headroomCents),
    utilizationPct: p.utilizationPct,
  };
}

export function toExposureView(check: LimitCheck): ExposureView {
  return {
    limitId: check.limitId,
    limitName: check.limitName,
    source: check.limitSource,
    basis: check.basis,
    limitPct: check.limitPct,
    basisAmount: check.basisCents === null ? null : centsToNumber(check.basisCents),
    scopeKey: check.scopeKey,
    scope: check.scopeLabel,
    familyIds: check.familyIds,
    measure: check.measure,
    exposure: centsToNumber(check.current.exposureCents),
    limit: centsToNumber(check.current.limitCents),
    headroom: centsToNumber(check.current.headroomCents),
    utilizationPct: check.current.utilizationPct,
    status: check.current.status,
    ...(check.inForceFrom === null ? {} : { inForceFrom: check.inForceFrom }),
    projectedStatus: check.projectedStatus,
    projectedBreachDate: check.projectedBreachDate,
    breachProbability: check.breachProbability?.value ?? null,
    probabilityMethod: check.breachProbability?.method ?? null,
    months: check.months.map(toPoint),
  };
}
