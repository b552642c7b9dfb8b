import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ApiKeyAuth, RequireRole, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { ApiPage, PageQuery } from '../common/pagination.js';
import { RunDetailView, RunEvaluationDto, RunView } from './evaluation.dto.js';
import { EvaluationsService } from './evaluations.service.js';
import { IdPipe } from '../common/validation.js';

@ApiTags('evaluations')
@ApiKeyAuth()
@Controller('api/evaluations')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Post()
  @RequireRole('officer')
  @HttpCode(201)
  @ApiOperation({ summary: 'Run an evaluation now; answers when the run is complete' })
  @ApiCreatedResponse({ type: RunDetailView, description: 'The run, SUCCEEDED or FAILED, with the first page of its results' })
  @ApiErrors(400, [404, 'No such portfolio or scenario'])
  run(@CurrentActor() actor: Actor, @Body() dto: RunEvaluationDto) {
    return this.evaluations.runNow(actor, dto);
  }

  @Get()
  @ApiOperation({
    summary:
      'The runs, newest first; for a user limited to some portfolios, those that evaluated one of them (or none), with only their figures',
  })
  @ApiPage(RunView)
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() page: PageQuery) {
    return this.evaluations.list(actor, page);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A run with its inputs and a page of its results (limit, offset), as it was' })
  @ApiOkResponse({ type: RunDetailView })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() page: PageQuery) {
    return this.evaluations.get(actor, id, page);
  }
}
