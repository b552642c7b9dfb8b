import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { HOLDING_COLUMNS, type HoldingColumn } from '../files/holding-columns.js';
import { dateFormatProblem } from './date-format.js';
import type { ImportProfileEntity } from './import-profile.entity.js';
import { NUMBER_FORMATS, type NumberFormat } from './number-format.js';

const REQUIRED_COLUMNS: HoldingColumn[] = ['issuer_name', 'par_value', 'market_value'];
const FUND_EXPORT = {
  issuer_name: 'Name',
  isin: 'ISIN',
  par_value: 'Par Value',
  market_value: 'Market Value',
  maturity_date: 'Maturity',
  coupon_rate: 'Coupon (%)',
  sector: 'Sector',
};

/** Why a column map cannot be used, or null: our columns only, each to a header, the required ones there. */
export function columnMapProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'columns must be an object {<our column>: "<their header>"}';
  const entries = Object.entries(value);
  const unknown = entries.filter(([column]) => !(HOLDING_COLUMNS as readonly string[]).includes(column)).map(([c]) => `"${c}"`);
  if (unknown.length) return `columns: ${unknown.join(', ')} is not a holdings column (${HOLDING_COLUMNS.join(', ')})`;
  const bad = entries.filter(([, header]) => typeof header !== 'string' || !header.trim() || header.length > 200).map(([c]) => c);
  if (bad.length) return `columns: the header of ${bad.join(', ')} must be a text of 1-200 characters`;
  const missing = REQUIRED_COLUMNS.filter((column) => !(column in value));
  if (!('cusip' in value) && !('isin' in value)) missing.push('cusip or isin' as HoldingColumn);
  return missing.length ? `columns must map ${missing.join(', ')}` : null;
}

export class ProfileIncludeDto {
  @ApiProperty({ example: 'Asset Class', description: "The file's header of the column to filter on" })
  @IsString()
  @Length(1, 200)
  column!: string;

  @ApiProperty({
    type: [String],
    example: ['Fixed Income'],
    description: 'The values a row must have there (case-insensitive); other rows are skipped',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  values!: string[];
}

/** A profile's content; PUT replaces it whole. */
export class ImportProfileBodyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: FUND_EXPORT,
    description: `Our column -> the file's header (case- and space-insensitive). Our columns: ${HOLDING_COLUMNS.join(', ')}; issuer_name, par_value, market_value and cusip or isin are required`,
  })
  @ValidateBy({
    name: 'isColumnMap',
    validator: {
      validate: (value) => columnMapProblem(value) === null,
      defaultMessage: (args?: ValidationArguments) => columnMapProblem(args?.value) ?? 'columns is invalid',
    },
  })
  columns!: Partial<Record<HoldingColumn, string>>;

  @ApiPropertyOptional({
    default: 'YYYY-MM-DD',
    example: 'MMM DD, YYYY',
    description: 'Tokens YYYY, YY, MM, M, DD, D, MMM (Jan..Dec, any case); other characters stand for themselves',
  })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  @ValidateBy({
    name: 'isDateFormat',
    validator: {
      validate: (value) => typeof value === 'string' && dateFormatProblem(value) === null,
      defaultMessage: (args?: ValidationArguments) =>
        (typeof args?.value === 'string' && dateFormatProblem(args.value)) || 'dateFormat is invalid',
    },
  })
  dateFormat?: string;

  @ApiPropertyOptional({ enum: NUMBER_FORMATS, default: '1,234.56' })
  @IsOptional()
  @IsIn(NUMBER_FORMATS, { message: `numberFormat must be one of ${NUMBER_FORMATS.map((f) => `"${f}"`).join(', ')}` })
  numberFormat?: NumberFormat;

  @ApiPropertyOptional({ type: [String], example: ['-', 'N/A'], description: 'Cells that mean empty (case-insensitive)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  emptyValues?: string[];

  @ApiPropertyOptional({ type: ProfileIncludeDto, description: 'Only rows with one of these values in this column are holdings' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProfileIncludeDto)
  include?: ProfileIncludeDto;
}

export class CreateImportProfileDto extends ImportProfileBodyDto {
  @ApiProperty({ example: 'fund-etf', description: '1-60 letters, digits, ".", "-" or "_"' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/, { message: 'name must be 1-60 letters, digits, ".", "-" or "_"' })
  name!: string;
}

export class ProfileIncludeView {
  @ApiProperty() column!: string;
  @ApiProperty({ type: [String] }) values!: string[];
}

export class ImportProfileView {
  @ApiProperty({ example: 'fund-etf' }) name!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: FUND_EXPORT }) columns!: Record<string, string>;
  @ApiProperty({ example: 'MMM DD, YYYY' }) dateFormat!: string;
  @ApiProperty({ enum: NUMBER_FORMATS }) numberFormat!: string;
  @ApiProperty({ type: [String] }) emptyValues!: string[];
  @ApiProperty({ type: ProfileIncludeView, nullable: true }) include!: ProfileIncludeView | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toImportProfileView(p: ImportProfileEntity): ImportProfileView {
  return {
    name: p.name,
    columns: { ...p.columns },
    dateFormat: p.dateFormat,
    numberFormat: p.numberFormat,
    emptyValues: p.emptyValues,
    include: p.include,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
