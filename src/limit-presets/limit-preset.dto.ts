import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';
import { CreateLimitDto, LimitView } from '../limits/limit.dto.js';

/** A limit of a rule set: a limit's terms without the portfolio, which the application names. */
export class PresetLimitDto extends OmitType(CreateLimitDto, ['portfolio'] as const) {}

/** A rule set file in config/limit-presets/, checked as POST /api/limits checks a limit. */
export class PresetFileDto {
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsString()
  @Length(1, 2000)
  description!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => PresetLimitDto)
  limits!: PresetLimitDto[];
}

/** A rule set's limit as the list shows it: the terms of a limit view, with nulls where the file leaves a term out. */
export class PresetLimitView extends OmitType(LimitView, ['id', 'version', 'portfolio', 'updatedAt'] as const) {}

export function toPresetLimitView(limit: PresetLimitDto): PresetLimitView {
  return {
    name: limit.name,
    scope: limit.scope,
    measure: limit.measure,
    basis: limit.basis,
    limitAmount: limit.limitAmount ?? null,
    limitPct: limit.limitPct ?? null,
    warnAtPct: limit.warnAtPct ?? 90,
    effectiveFrom: limit.effectiveFrom ?? null,
    effectiveTo: limit.effectiveTo ?? null,
    source: limit.source ?? null,
  };
}

export class LimitPresetView {
  @ApiProperty({ example: 'naic-model-280-life', description: 'The file name in config/limit-presets/, without .json' }) id!: string;
  @ApiProperty({ example: 'NAIC Investments of Insurers Model Act #280, defined limits, life' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [PresetLimitView], description: 'Each with the source it comes from' }) limits!: PresetLimitView[];
}

export class ApplyPresetDto {
  @ApiProperty({ type: String, nullable: true, description: 'Portfolio code, or null: every portfolio separately' })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  portfolio!: string | null;
}

export class AppliedPresetView {
  @ApiProperty({ example: 'naic-model-280-life' }) preset!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Portfolio code, or null: every portfolio separately' }) portfolio!:
    string | null;
  @ApiProperty({ type: [LimitView], description: 'The limits created, in the order of the preset' }) limits!: LimitView[];
}
