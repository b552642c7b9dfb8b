import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsEmail, IsIn, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { SEVERITIES, type Severity } from '../breaches/severity.js';
import type { RecipientEntity } from './recipient.entity.js';

export class CreateRecipientDto {
  @ApiProperty({ example: 'risk.officer@example.com' })
  @IsEmail()
  email!: string;

  @ApiProperty({
    type: [String],
    nullable: true,
    example: ['LIFE-GA'],
    description: 'Portfolio codes, or null (or omitted): every portfolio',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'portfolios must list at least one code, or be null for every portfolio' })
  @IsString({ each: true })
  portfolios?: string[] | null;

  @ApiProperty({ enum: SEVERITIES, description: 'WARNING: warnings and breaches; BREACH: breaches only' })
  @IsIn(SEVERITIES)
  minSeverity!: Severity;

  @ApiPropertyOptional({ default: 24, description: 'An open, unacknowledged breach is listed again after this many hours' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(720)
  repeatIntervalHours?: number;

  @ApiPropertyOptional({
    default: 10,
    description: 'A breach whose utilization rose by this many percentage points since it was last told is told again',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(100000)
  worseningPct?: number;
}

export class RecipientView {
  @ApiProperty() id!: number;
  @ApiProperty() email!: string;
  @ApiProperty({ type: [String], nullable: true }) portfolios!: string[] | null;
  @ApiProperty({ enum: SEVERITIES }) minSeverity!: Severity;
  @ApiProperty() repeatIntervalHours!: number;
  @ApiProperty() worseningPct!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function toRecipientView(r: RecipientEntity): RecipientView {
  return {
    id: r.id,
    email: r.email,
    portfolios: r.portfolios,
    minSeverity: r.minSeverity,
    repeatIntervalHours: r.repeatIntervalHours,
    worseningPct: r.worseningPct,
    createdAt: r.createdAt,
  };
}
