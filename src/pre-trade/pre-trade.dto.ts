import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsPositive, IsString, Length, ValidateNested } from 'class-validator';
import { centsToNumber } from '../common/money.js';
import { IN_BASE_CURRENCY, IsCurrencyCode, IsIsoDate, IsMoney } from '../common/validation.js';
import { RunEvaluationDto } from '../evaluations/evaluation.dto.js';
import { CreateDealDto } from '../issuance/issuance.dto.js';
import type { LimitCheck, Status } from '../risk/model.js';
import type { CheckChange, Side, Verdict, WhatIfResult } from '../risk/what-if.js';

const SIDES = ['BUY', 'SELL'] as const;
const STATUSES = ['OK', 'WARNING', 'BREACH'] as const;
const VERDICTS = ['PASS', 'WARNING', 'BREACH'] as const;
export const MAX_TRADES = 100;

/** A bond to buy or sell: the issuer as a deal names it (an unknown name is a new family), with its own designation if given. */
export class TradeDto extends PickType(CreateDealDto, ['issuer', 'naicDesignation'] as const) {
  @ApiProperty({ enum: SIDES })
  @IsIn(SIDES, { message: 'side must be BUY or SELL' })
  side!: Side;

  @IsMoney({ description: `Market value bought or sold, in currency (by default ${IN_BASE_CURRENCY}), more than 0` })
  @IsPositive()
  marketValue!: number;

  @IsOptional()
  @IsMoney({ description: 'Book (admitted) value, in currency, more than 0; default: the market value' })
  @IsPositive()
  bookValue?: number;

  @IsOptional()
  @IsMoney({ description: 'Par, in currency, more than 0; default: the market value' })
  @IsPositive()
  par?: number;

  @ApiPropertyOptional({ example: 'Technology', description: "Default: the family's sector" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  sector?: string;

  @IsOptional()
  @IsIsoDate({ required: false })
  maturityDate?: string;

  @ApiPropertyOptional({
    example: 'EUR',
    description:
      "ISO 4217 code of the currency of marketValue, bookValue and par; default: the portfolio's base currency. " +
      "Another currency is converted at the rate of the current snapshot's as-of date, as its holdings were",
  })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;
}

/** The trades, under a scenario (default base) over horizonMonths (default 24), as an evaluation takes them. */
export class WhatIfDto extends PickType(RunEvaluationDto, ['horizonMonths'] as const) {
  @ApiProperty({ type: [TradeDto], minItems: 1, maxItems: MAX_TRADES })
  @IsArray()
  @ArrayMinSize(1, { message: 'trades must list at least one trade' })
  @ArrayMaxSize(MAX_TRADES)
  @ValidateNested({ each: true })
  @Type(() => TradeDto)
  trades!: TradeDto[];

  @ApiPropertyOptional({ default: 'base' })
  @IsOptional()
  @IsString()
  scenario?: string;
}

export class WhatIfFiguresView {
  @ApiProperty({ description: `Today's exposure, ${IN_BASE_CURRENCY}` }) exposure!: number;
  @ApiProperty({ description: IN_BASE_CURRENCY }) limitAmount!: number;
  @ApiProperty() utilizationPct!: number;
  @ApiProperty({ enum: STATUSES, description: 'Today' }) status!: Status;
  @ApiProperty({ enum: STATUSES, description: 'The worst month of the horizon' }) projectedStatus!: Status;
  @ApiProperty({ type: String, format: 'date', nullable: true }) projectedBreachDate!: string | null;
}

export class WhatIfCheckView {
  @ApiProperty() limitId!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ example: 'family:12' }) scopeKey!: string;
  @ApiProperty({ example: 'Oracle Corp', description: 'Family name, sector, NAIC range, group name or Portfolio' }) scopeLabel!: string;
  @ApiProperty({ description: 'Whether the trades make the exposure larger today or at a month end: only these count in the verdicts' })
  raisesExposure!: boolean;
  @ApiProperty({ type: WhatIfFiguresView }) before!: WhatIfFiguresView;
  @ApiProperty({ type: WhatIfFiguresView }) after!: WhatIfFiguresView;
}

export class IssuerSuggestionView {
  @ApiProperty() issuerId!: number;
  @ApiProperty({ example: 'Oracle Corp' }) name!: string;
}

export class NewIssuerView {
  @ApiProperty({ example: 'Orcle', description: 'The name a trade gave, which no known issuer has' }) issuer!: string;
  @ApiProperty({ type: [IssuerSuggestionView], description: 'The nearest known names, nearest first (at most 3); empty when none is near' })
  suggestions!: IssuerSuggestionView[];
}

export class WhatIfView {
  @ApiProperty() portfolio!: string;
  @ApiProperty({ format: 'date', description: 'The as-of date of the snapshot the trades are applied to' }) asOfDate!: string;
  @ApiProperty({ example: 'EUR', description: "The portfolio's base currency: every amount of the checks is in it" }) currency!: string;
  @ApiProperty() scenario!: string;
  @ApiProperty() horizonMonths!: number;
  @ApiProperty({ enum: VERDICTS, description: 'The worst status today, after the trades, of the checks they raise' }) verdict!: Verdict;
  @ApiProperty({ enum: VERDICTS, description: 'The worst projected status, after the trades, of the checks they raise' })
  projectedVerdict!: Verdict;
  @ApiProperty({ type: [WhatIfCheckView], description: 'Every check whose exposure the trades change' }) checks!: WhatIfCheckView[];
  @ApiProperty({
    type: [NewIssuerView],
    description: 'Each name no known issuer has, checked as a new family: a misspelling shows here before any verdict is trusted',
  })
  newIssuers!: NewIssuerView[];
}

export interface WhatIfContext {
  portfolio: string;
  asOfDate: string;
  currency: string;
  scenario: string;
  horizonMonths: number;
  newIssuers: NewIssuerView[];
}

function toFigures(check: LimitCheck): WhatIfFiguresView {
  return {
    exposure: centsToNumber(check.current.exposureCents),
    limitAmount: centsToNumber(check.current.limitCents),
    utilizationPct: check.current.utilizationPct,
    status: check.current.status,
    projectedStatus: check.projectedStatus,
    projectedBreachDate: check.projectedBreachDate,
  };
}

function toCheckView({ before, after, raised }: CheckChange): WhatIfCheckView {
  return {
    limitId: after.limitId,
    name: after.limitName,
    source: after.limitSource,
    scopeKey: after.scopeKey,
    scopeLabel: after.scopeLabel,
    raisesExposure: raised,
    before: toFigures(before),
    after: toFigures(after),
  };
}

export function toWhatIfView(context: WhatIfContext, result: WhatIfResult): WhatIfView {
  return {
    ...context,
    verdict: result.verdict,
    projectedVerdict: result.projectedVerdict,
    checks: result.checks.map(toCheckView),
  };
}
