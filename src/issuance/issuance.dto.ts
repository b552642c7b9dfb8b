import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDefined, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { centsToNumber } from '../common/money.js';
import { NAIC_DESIGNATION, NAIC_DESIGNATION_RULE } from '../common/naic.js';
import { IssuerRefView } from '../issuers/issuer.dto.js';
import { PageQuery } from '../common/pagination.js';
import { currencyProblem, IsCurrencyCode, IsIsoDate, IsMoney } from '../common/validation.js';
import type { DealEntity } from './deal.entity.js';
import type { ScenarioEntity } from './scenario.entity.js';

const IsIssuerRef = () =>
  ValidateBy({
    name: 'isIssuerRef',
    validator: {
      validate: (v) =>
        (typeof v === 'number' && Number.isInteger(v) && v > 0) || (typeof v === 'string' && v.trim().length > 0 && v.length <= 300),
      defaultMessage: () => 'issuer must be an issuer id, an LEI, a CUSIP-6 or a name',
    },
  });

export class CreateDealDto {
  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    example: 'BQ4BKCS1HXDV9HN80Z93',
    description: 'Issuer id, LEI, CUSIP-6 or name',
  })
  @IsDefined()
  @IsIssuerRef()
  issuer!: number | string;

  @IsIsoDate()
  expectedDate!: string;

  @IsMoney({ description: 'Deal size, in currency' })
  amount!: number;

  @ApiPropertyOptional({
    default: 'USD',
    example: 'EUR',
    description: "ISO 4217 code of the deal's currency; converted at the as-of date of the snapshot it is projected on",
  })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ default: 1, minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  probability?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  tenorYears?: number | null;

  @ApiPropertyOptional({
    oneOf: [{ type: 'integer', minimum: 1, maximum: 6 }, { type: 'string' }],
    nullable: true,
    example: '2.B',
    description:
      "The deal's own NAIC designation (a number 1 to 6, or a category string 1.A-1.G, 2.A-5.C), counted by NAIC ranges and holding filters; absent: its family's",
  })
  @IsOptional()
  // A number is read as the designation it writes: 2 is "2", while 2.5 or 7 fail by the rule.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.toUpperCase() : value,
  )
  @IsString()
  @Matches(NAIC_DESIGNATION, { message: `naicDesignation ${NAIC_DESIGNATION_RULE}` })
  naicDesignation?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 200)
  source?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  notes?: string | null;
}

export class UpdateDealDto extends PartialType(CreateDealDto) {}

export class DealQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only deals of this issuer family (any issuer id of the family)' })
  @IsOptional()
  @Matches(/^\d+$/)
  issuerId?: string;
}

export class CreateForecastDto {
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string' }], description: 'Issuer id, LEI, CUSIP-6 or name' })
  @IsDefined()
  @IsIssuerRef()
  issuer!: number | string;

  @IsIsoDate()
  from!: string;

  @IsIsoDate()
  to!: string;

  @IsMoney({ description: 'Issuance per year, in currency, spread evenly over the months from..to' })
  annualAmount!: number;

  @ApiPropertyOptional({ default: 'USD', example: 'EUR', description: 'ISO 4217 code of the currency of annualAmount and of its deals' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  probability?: number;
}

/** The largest FX shock taken, in percent: a currency worth eleven times as much. */
export const MAX_FX_SHOCK_PCT = 1000;

/** The first entry of an fxShocks map that is refused, named as its field (fxShocks.EUR), or null. */
export function fxShocksProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'fxShocks must be an object of percentages by currency, e.g. {"EUR": -10}';
  for (const [currency, pct] of Object.entries(value)) {
    const wrongCode = currencyProblem(currency);
    if (wrongCode) return `fxShocks.${currency} is not a currency: the key ${wrongCode}`;
    if (typeof pct !== 'number' || !Number.isFinite(pct) || pct <= -100 || pct > MAX_FX_SHOCK_PCT || Math.round(pct * 100) / 100 !== pct)
      return `fxShocks.${currency} must be a percentage above -100 and at most ${MAX_FX_SHOCK_PCT}, with at most 2 decimals (-10: worth 10% less)`;
  }
  return null;
}

const IsFxShocks = () =>
  ValidateBy({
    name: 'isFxShocks',
    validator: { validate: (value) => fxShocksProblem(value) === null, defaultMessage: (args) => fxShocksProblem(args?.value)! },
  });

export class CreateScenarioDto {
  @ApiProperty({ example: 'hyperscaler-surge' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,59}$/, { message: 'name must be 1-60 lower-case letters, digits or "-"' })
  name!: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  issuanceMultiplier?: number;

  @ApiPropertyOptional({ nullable: true, description: 'null, or 0..1 applied to every deal' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  probabilityOverride?: number | null;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  participationMultiplier?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1000)
  @Max(5000)
  spreadShockBp?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-50)
  @Max(100)
  assetGrowthPctPerYear?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  rolloverMaturities?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number', minimum: -100, exclusiveMinimum: true, maximum: MAX_FX_SHOCK_PCT },
    example: { EUR: -10 },
    description:
      'Percent by ISO 4217 currency: from t >= 1 every amount in that currency (holdings, CDS protection, deals) is worth that much more ' +
      '(negative: less) in the base currency; above -100, at most 1000, at most 2 decimals. A shock on the base currency moves nothing',
  })
  @IsOptional()
  @IsFxShocks()
  fxShocks?: Record<string, number>;
}

export class UpdateScenarioDto extends PartialType(OmitType(CreateScenarioDto, ['name'] as const)) {}

export class DealView {
  @ApiProperty() id!: number;
  @ApiProperty({ type: IssuerRefView }) issuer!: IssuerRefView;
  @ApiProperty({ format: 'date' }) expectedDate!: string;
  @ApiProperty({ description: 'Deal size, in currency' }) amount!: number;
  @ApiProperty({ example: 'USD', description: "ISO 4217 code of the deal's currency" }) currency!: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) probability!: number;
  @ApiProperty({ type: Number, nullable: true }) tenorYears!: number | null;
  @ApiProperty({ type: String, nullable: true, description: "Its own NAIC designation; null: its family's counts" }) naicDesignation!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The run-rate forecast it belongs to' }) forecastId!: number | null;
}

export class ForecastView {
  @ApiProperty() forecastId!: number;
  @ApiProperty({ type: [DealView], description: 'One deal a month end from..to' }) deals!: DealView[];
}

export class DealsUploadView {
  @ApiProperty({ description: 'Deals stored' }) deals!: number;
  @ApiProperty() issuersCreated!: number;
}

export class ScenarioView {
  @ApiProperty({ example: 'stress' }) name!: string;
  @ApiProperty() issuanceMultiplier!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null, or the probability of every deal' }) probabilityOverride!: number | null;
  @ApiProperty() participationMultiplier!: number;
  @ApiProperty() spreadShockBp!: number;
  @ApiProperty() assetGrowthPctPerYear!: number;
  @ApiProperty() rolloverMaturities!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { EUR: -10 },
    description: 'Percent by currency, applied from t >= 1 to every amount in that currency; {} when none',
  })
  fxShocks!: Record<string, number>;
  @ApiProperty({ description: 'base, full-pipeline and stress: part of the contract, not changeable' }) builtIn!: boolean;
}

export function toDealView(d: DealEntity, issuerName: string): DealView {
  return {
    id: d.id,
    issuer: { id: d.issuerId, name: issuerName },
    expectedDate: d.expectedDate,
    amount: centsToNumber(d.amountCents),
    currency: d.currency,
    probability: d.probability,
    tenorYears: d.tenorYears,
    naicDesignation: d.naicDesignation,
    source: d.source,
    notes: d.notes,
    forecastId: d.forecastId,
  };
}

export function toScenarioView(s: ScenarioEntity): ScenarioView {
  const {
    name,
    issuanceMultiplier,
    probabilityOverride,
    participationMultiplier,
    spreadShockBp,
    assetGrowthPctPerYear,
    rolloverMaturities,
    fxShocks,
    builtIn,
  } = s;
  return {
    name,
    issuanceMultiplier,
    probabilityOverride,
    participationMultiplier,
    spreadShockBp,
    assetGrowthPctPerYear,
    rolloverMaturities,
    fxShocks: fxShocks ?? {},
    builtIn,
  };
}
