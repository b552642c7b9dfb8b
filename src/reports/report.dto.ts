import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IN_BASE_CURRENCY } from '../common/validation.js';
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

/** A family at the family limit it uses most today. */
export class ConcentrationRowView {
  @ApiProperty() familyId!: number;
  @ApiProperty() family!: string;
  @ApiProperty() limitId!: number;
  @ApiProperty() limitName!: string;
  @ApiProperty({ description: IN_BASE_CURRENCY }) exposure!: number;
  @ApiProperty({ description: IN_BASE_CURRENCY }) limit!: number;
  @ApiProperty({ description: IN_BASE_CURRENCY }) headroom!: number;
  @ApiProperty() utilizationPct!: number;
  @ApiProperty({ enum: ['OK', 'WARNING', 'BREACH'] }) status!: string;
}

export class ReportPortfolioView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'EUR', description: "The portfolio's base currency: its concentrations' and items' amounts are in it" })
  currency!: string;
  @ApiProperty() snapshotId!: number;
  @ApiProperty({ format: 'date', description: "The holdings' as-of date" }) asOfDate!: string;
  @ApiProperty({
    type: [ConcentrationRowView],
    nullable: true,
    description:
      'The 10 families with the highest utilization today, within their limits or not; null for a run made before runs recorded it',
  })
  concentration!: ConcentrationRowView[] | null;
}

export class ReportBreachView {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: ['OPEN', 'ACKNOWLEDGED', 'WAIVED', 'RESOLVED'], description: 'As it is now' }) status!: string;
}

export class PeakView {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ description: IN_BASE_CURRENCY }) exposure!: number;
}

export class ReportItemView extends RunResultView {
  @ApiProperty({ description: 'portfolio|limit|scope: the problem' }) groupKey!: string;
  @ApiProperty({ format: 'date' }) asOfDate!: string;
  @ApiProperty({
    type: ReportBreachView,
    nullable: true,
    description: "The breach the check stands for, as it is now: the scenario's projected breach, else today's",
  })
  breach!: ReportBreachView | null;
  @ApiProperty({ type: PeakView, nullable: true, description: 'The highest exposure over the horizon and its month' })
  peak!: PeakView | null;
}

/** The JSON report: the run, the portfolios it evaluated, and every check it found not OK. */
export class ReportView {
  @ApiProperty({ type: ReportRunView }) run!: ReportRunView;
  @ApiProperty({ type: [ReportPortfolioView] }) portfolios!: ReportPortfolioView[];
  @ApiProperty({ type: [ReportItemView] }) items!: ReportItemView[];
}
