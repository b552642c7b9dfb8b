import { ApiProperty, PartialType, OmitType } from '@nestjs/swagger';
import { IsNumber, IsString, Length, Max, Min, ValidateBy, buildMessage } from 'class-validator';
import { ISO_4217_RULE, isIso4217 } from '../common/currencies.js';
import { centsToNumber } from '../common/money.js';
import { IN_BASE_CURRENCY, IsMoney, IsPortfolioCode } from '../common/validation.js';
import type { PortfolioEntity } from './portfolio.entity.js';

/**
 * Why a base currency is refused, or null. Lower case is refused rather than read: the code is
 * stored and shown as sent, and a JSON client can send it as ISO 4217 writes it.
 */
export function baseCurrencyProblem(value: unknown): string | null {
  if (typeof value === 'string' && isIso4217(value)) return null;
  if (typeof value === 'string' && isIso4217(value.toUpperCase()))
    return `must be written in capitals: ${value.toUpperCase()}, not ${value}`;
  return `${ISO_4217_RULE}${typeof value === 'string' ? ` (${JSON.stringify(value)} is not one)` : ''}`;
}

function IsBaseCurrency(): PropertyDecorator {
  return ValidateBy({
    name: 'isBaseCurrency',
    validator: {
      validate: (value) => baseCurrencyProblem(value) === null,
      defaultMessage: buildMessage((each, args) => `${each}$property ${baseCurrencyProblem(args?.value)}`),
    },
  });
}

export class CreatePortfolioDto {
  @IsPortfolioCode()
  code!: string;

  @ApiProperty({ example: 'General Account' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({
    example: 'EUR',
    pattern: '^[A-Z]{3}$',
    description:
      'ISO 4217 code, in capitals, of the currency every figure of the portfolio is in (exposures, limits and their ABSOLUTE amounts, ' +
      'admitted assets, capacity, what-if, reports, emails). It cannot change once the portfolio has a holdings snapshot (409)',
  })
  @IsBaseCurrency()
  baseCurrency!: string;

  @IsMoney({ description: `Admitted assets, ${IN_BASE_CURRENCY}` })
  admittedAssets!: number;

  @IsMoney({ description: `Capital and surplus, ${IN_BASE_CURRENCY}` })
  capitalAndSurplus!: number;

  @ApiProperty({ example: 0.005, description: 'Share of a new deal this portfolio expects to be allocated (0.005 = 0.5%)' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  participationRate!: number;
}

export class UpdatePortfolioDto extends PartialType(OmitType(CreatePortfolioDto, ['code'] as const)) {}

export class PortfolioView {
  @ApiProperty({ example: 'LIFE-GA' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'EUR', description: 'ISO 4217 code of the currency every figure of the portfolio is in' }) baseCurrency!: string;
  @ApiProperty({ description: IN_BASE_CURRENCY }) admittedAssets!: number;
  @ApiProperty({ description: IN_BASE_CURRENCY }) capitalAndSurplus!: number;
  @ApiProperty({ example: 0.005 }) participationRate!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toPortfolioView(p: PortfolioEntity): PortfolioView {
  return {
    code: p.code,
    name: p.name,
    baseCurrency: p.baseCurrency,
    admittedAssets: centsToNumber(p.admittedAssetsCents),
    capitalAndSurplus: centsToNumber(p.capitalAndSurplusCents),
    participationRate: p.participationRate,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
