import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RunResultView, RunView } from '../evaluations/evaluation.dto.js';

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportQuery {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

export class ReportRunView extends OmitType(RunView, ['counts'] as const) {}

/** The JSON report: the run and every check it found not OK. */
export class ReportView {
  @ApiProperty({ type: ReportRunView }) run!: ReportRunView;
  @ApiProperty({ type: [RunResultView] }) items!: RunResultView[];
}
