import { ApiProperty, PartialType, OmitType } from '@nestjs/swagger';
import { IsIn, IsNumber, IsString, Length, Max, Min } from 'class-validator';
import { centsToNumber } from '../common/money.js';
import { IsMoney, IsPortfolioCode } from '../common/validation.js';
import type { PortfolioEntity } from './portfolio.entity.js';

export const BASE_CURRENCIES = ['USD'] as const;

export class CreatePortfolioDto {
  @IsPortfolioCode()
  code!: string;

  @ApiProperty({ example: 'General Account' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: BASE_CURRENCIES, description: 'USD only in v1' })
  @IsIn(BASE_CURRENCIES, { message: 'baseCurrency must be USD (the only base currency in v1)' })
  baseCurrency!: 'USD';

  @IsMoney({ description: 'Admitted assets, USD' })
  admittedAssets!: number;

  @IsMoney({ description: 'Capital and surplus, USD' })
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
  @ApiProperty({ enum: BASE_CURRENCIES }) baseCurrency!: string;
  @ApiProperty({ description: 'USD' }) admittedAssets!: number;
  @ApiProperty({ description: 'USD' }) capitalAndSurplus!: number;
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
