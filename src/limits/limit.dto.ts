import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { centsToNumber } from '../common/money.js';
import { PageQuery } from '../common/pagination.js';
import { IsIsoDate, IsMoney } from '../common/validation.js';
import { designationsCounted } from '../risk/limits.js';
import type { Basis, Measure, NaicRange } from '../risk/model.js';
import type { LimitVersionEntity } from './limit.entity.js';

export const SCOPE_TYPES = ['EACH_ISSUER_FAMILY', 'ISSUER_FAMILY', 'SECTOR', 'NAIC_RANGE', 'GROUP', 'PORTFOLIO'] as const;
export const MEASURES = ['MARKET_VALUE', 'BOOK_VALUE', 'PAR'] as const;
export const BASES = ['ABSOLUTE', 'PCT_ADMITTED_ASSETS', 'PCT_CAPITAL_SURPLUS'] as const;

const is =
  (...types: string[]) =>
  (scope: LimitScopeDto) =>
    types.includes(scope.type);

/** NAIC designation numbers from naicMin to naicMax, both included. */
export class NaicRangeDto {
  @ApiProperty({ minimum: 1, maximum: 6 })
  @IsInt()
  @Min(1)
  @Max(6)
  naicMin!: number;

  @ApiProperty({ minimum: 1, maximum: 6 })
  @IsInt()
  @Min(1)
  @Max(6)
  naicMax!: number;
}

/** What a limit measures; which fields it needs depends on `type`. */
export class LimitScopeDto {
  @ApiProperty({ enum: SCOPE_TYPES })
  @IsIn(SCOPE_TYPES)
  type!: (typeof SCOPE_TYPES)[number];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'EACH_ISSUER_FAMILY (optional) and NAIC_RANGE: lowest NAIC designation 1..6',
  })
  @ValidateIf((s: LimitScopeDto) => s.type === 'NAIC_RANGE' || (s.type === 'EACH_ISSUER_FAMILY' && s.naicMin != null))
  @IsInt()
  @Min(1)
  @Max(6)
  naicMin?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'EACH_ISSUER_FAMILY (optional) and NAIC_RANGE: highest NAIC designation 1..6',
  })
  @ValidateIf((s: LimitScopeDto) => s.type === 'NAIC_RANGE' || (s.type === 'EACH_ISSUER_FAMILY' && s.naicMax != null))
  @IsInt()
  @Min(1)
  @Max(6)
  naicMax?: number | null;

  @ApiPropertyOptional({ description: 'ISSUER_FAMILY: any issuer of the family' })
  @ValidateIf(is('ISSUER_FAMILY'))
  @IsInt()
  @Min(1)
  issuerId?: number;

  @ApiPropertyOptional({ description: 'SECTOR: e.g. Technology' })
  @ValidateIf(is('SECTOR'))
  @IsString()
  @Length(1, 100)
  sector?: string;

  @ApiPropertyOptional({ description: 'GROUP: its name, e.g. AI hyperscalers' })
  @ValidateIf(is('GROUP'))
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ type: [Number], description: 'GROUP: one issuer of each family in the group' })
  @ValidateIf(is('GROUP'))
  @IsArray()
  @ArrayMinSize(1)
  @IsInt({ each: true })
  issuerIds?: number[];

  @ApiPropertyOptional({
    type: NaicRangeDto,
    nullable: true,
    description:
      "Any scope: only the holdings (and deals) whose own NAIC designation is in range count; a deal without one counts with its family's",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => NaicRangeDto)
  holdingsFilter?: NaicRangeDto | null;
}

export class CreateLimitDto {
  @ApiProperty({ example: 'Single issuer 2.5% of admitted assets' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ nullable: true, description: 'Portfolio code, or null: every portfolio separately' })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  portfolio!: string | null;

  @ApiProperty({ type: LimitScopeDto })
  @ValidateNested()
  @Type(() => LimitScopeDto)
  scope!: LimitScopeDto;

  @ApiProperty({ enum: MEASURES })
  @IsIn(MEASURES)
  measure!: Measure;

  @ApiProperty({ enum: BASES })
  @IsIn(BASES)
  basis!: Basis;

  @ValidateIf((l: CreateLimitDto) => l.basis === 'ABSOLUTE')
  @IsMoney({ description: 'ABSOLUTE basis: the limit in USD' })
  limitAmount?: number;

  @ApiPropertyOptional({ description: 'PCT bases: percent of the base, 3 = 3%' })
  @ValidateIf((l: CreateLimitDto) => l.basis !== 'ABSOLUTE')
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  limitPct?: number;

  @ApiPropertyOptional({ default: 90, description: 'Utilization (%) from which a warning is raised' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  warnAtPct?: number;

  @IsOptional()
  @IsIsoDate({ required: false })
  effectiveFrom?: string | null;

  @IsOptional()
  @IsIsoDate({ required: false })
  effectiveTo?: string | null;

  @ApiPropertyOptional({
    example: 'NRS 682A.404(1)',
    description: 'Where the limit comes from (a statute section, a board minute), shown with it in alerts and reports',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  source?: string | null;
}

export class UpdateLimitDto extends PartialType(CreateLimitDto) {}

export class LimitQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only the limits that apply to this portfolio (its own and the all-portfolio ones)' })
  @IsOptional()
  @IsString()
  portfolio?: string;
}

export class LimitView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'Starts at 1; each change adds one' }) version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Portfolio code, or null: every portfolio separately' }) portfolio!:
    string | null;
  @ApiProperty({ type: LimitScopeDto }) scope!: LimitScopeDto;
  @ApiProperty({ enum: MEASURES }) measure!: Measure;
  @ApiProperty({ enum: BASES }) basis!: Basis;
  @ApiProperty({ type: Number, nullable: true, description: 'ABSOLUTE basis: USD' }) limitAmount!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'PCT bases: percent of the base' }) limitPct!: number | null;
  @ApiProperty() warnAtPct!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveFrom!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveTo!: string | null;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When this version was made' }) updatedAt!: string;
}

export class LimitChangeView extends LimitView {
  @ApiProperty({
    type: [String],
    example: ['No holding or deal of LIFE-GA is in sector Tech; sectors held: Energy, Technology'],
    description: 'For each portfolio the limit applies to whose holdings and deals its scope covers none of: what is held instead',
  })
  warnings!: string[];
}

export class LimitDetailView extends LimitView {
  @ApiProperty({ type: [LimitView], description: 'The versions before the current one, newest first' }) history!: LimitView[];
}

export function toLimitView(v: LimitVersionEntity, portfolioCode: string | null): LimitView {
  return {
    id: v.limitId,
    version: v.version,
    name: v.name,
    portfolio: portfolioCode,
    scope: v.scope,
    measure: v.measure,
    basis: v.basis,
    limitAmount: v.limitAmountCents === null ? null : centsToNumber(v.limitAmountCents),
    limitPct: v.limitPct,
    warnAtPct: v.warnAtPct,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
    source: v.source,
    updatedAt: v.createdAt,
  };
}

/** The own designations a limit counts: a NAIC_RANGE's range, narrowed by its holdingsFilter; null: all. */
export function countedDesignations(scope: LimitScopeDto): NaicRange | null {
  const range = scope.type === 'NAIC_RANGE' ? { naicMin: scope.naicMin!, naicMax: scope.naicMax! } : null;
  return designationsCounted(range, scope.holdingsFilter ?? null);
}
