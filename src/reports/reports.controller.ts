import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ApiKeyAuth, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { ReportQuery, ReportView } from './report.dto.js';
import { ReportsService } from './reports.service.js';
import { IdPipe } from '../common/validation.js';

@ApiTags('reports')
@ApiKeyAuth()
@Controller('api/evaluations')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':id/report')
  @ApiOperation({ summary: 'The breach report of a run: JSON, CSV (formula-safe) or print-ready HTML with a chart per breach' })
  @ApiExtraModels(ReportView)
  @ApiOkResponse({
    description: 'In the format asked for: JSON (the default), CSV (an attachment, one line per check) or HTML',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ReportView) } },
      'text/csv': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
    },
  })
  @ApiErrors(400, 404)
  report(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() query: ReportQuery) {
    return this.reports.render(actor, id, query.format ?? 'json');
  }
}
