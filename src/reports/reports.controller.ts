import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ReportsService } from './reports.service.js';

const FORMATS = ['json', 'csv', 'html'] as const;

class ReportQuery {
  @ApiPropertyOptional({ enum: FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(FORMATS)
  format?: (typeof FORMATS)[number];
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/evaluations')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':id/report')
  @ApiOperation({ summary: 'The breach report of a run: JSON, CSV (formula-safe) or print-ready HTML with a chart per breach' })
  report(@Param('id', ParseIntPipe) id: number, @Query() query: ReportQuery) {
    return this.reports.render(id, query.format ?? 'json');
  }
}
