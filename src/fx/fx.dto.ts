import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { FORMER_ISO_4217, ISO_4217 } from '../common/currencies.js';
import { PageQuery } from '../common/pagination.js';
import { IsIsoDate } from '../common/validation.js';

function IsCurrencyCode(): PropertyDecorator {
  return ValidateBy({
    name: 'isCurrencyCode',
    validator: {
      validate: (value) => typeof value === 'string' && (ISO_4217.has(value) || FORMER_ISO_4217.has(value)),
      defaultMessage: (args) => `${args?.property} must be an ISO 4217 currency code of three capital letters, such as USD, EUR or GBP`,
    },
  });
}

export class FxRateQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'EUR', description: 'Only rates of this base currency (1 base = rate quote)' })
  @IsOptional()
  @IsCurrencyCode()
  base?: string;

  @ApiPropertyOptional({
    example: 'USD',
    description: 'Only rates in this quote currency. With base: a pair not stored is crossed through EUR, each item marked crossed',
  })
  @IsOptional()
  @IsCurrencyCode()
  quote?: string;

  @IsOptional()
  @IsIsoDate({ required: false })
  from?: string;

  @IsOptional()
  @IsIsoDate({ required: false })
  to?: string;
}

export class FxLegView {
  @ApiProperty({ example: 'EUR' }) base!: string;
  @ApiProperty({ example: 'USD' }) quote!: string;
  @ApiProperty({ example: 1.0866, description: '1 base = rate quote, as the file wrote it' }) rate!: number;
  @ApiProperty({ example: '1.0866', description: 'The rate exactly as the file wrote it' }) rateText!: string;
  @ApiProperty({ format: 'date', example: '2023-06-30' }) rateDate!: string;
}

export class FxRateView {
  @ApiProperty({ format: 'date', example: '2025-11-28' }) date!: string;
  @ApiProperty({ example: 'EUR' }) base!: string;
  @ApiProperty({ example: 'USD' }) quote!: string;
  @ApiProperty({
    example: 1.1581,
    description: '1 base = rate quote: as the file wrote it; a crossed rate to 10 significant digits (its legs are exact)',
  })
  rate!: number;
  @ApiPropertyOptional({ description: 'Present, true, when the pair is not stored and the rate is crossed through EUR' }) crossed?: boolean;
  @ApiPropertyOptional({ type: [FxLegView], description: 'The stored rates a crossed rate comes from' }) legs?: FxLegView[];
}

export class FxUploadView {
  @ApiProperty({ example: 30, description: 'Rates read (a date and pair each); each replaces a stored rate of its date and pair' })
  ratesRead!: number;
  @ApiProperty({
    type: [String],
    example: ['EUR', 'GBP', 'USD'],
    description: "Every currency of the file's rates, as base or quote (EUR and the columns of the ECB's files)",
  })
  currencies!: string[];
  @ApiProperty({ format: 'date', example: '2025-11-27', description: 'The earliest date of the file' }) from!: string;
  @ApiProperty({ format: 'date', example: '2025-12-01', description: 'The latest date of the file' }) to!: string;
}
