import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ApiKeyAuth, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { CapacityQuery, CapacityView, ExposureQuery, ExposuresView } from './projection.dto.js';
import { ProjectionService } from './projection.service.js';
import { IdPipe } from '../common/validation.js';
import { BEYOND_EXACT_RANGE } from '../risk/exact-range.js';

@ApiTags('projection')
@ApiKeyAuth()
@Controller('api')
export class ProjectionController {
  constructor(private readonly projection: ProjectionService) {}

  @Get('portfolios/:code/exposures')
  @ApiOperation({ summary: 'Per family and aggregate: exposure, limit, utilization, status today, and the monthly projection' })
  @ApiOkResponse({ type: ExposuresView })
  @ApiErrors(400, [404, 'No such portfolio or scenario'], [409, 'The portfolio has no holdings yet'], [422, BEYOND_EXACT_RANGE])
  exposures(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() query: ExposureQuery): Promise<ExposuresView> {
    return this.projection.exposures(actor, code, query.scenario, query.horizon);
  }

  @Get('issuance/deals/:id/capacity')
  @ApiOperation({
    summary:
      'maxAllocation: the most of this deal the portfolio can take within every applicable limit, and the limit and month that bind it',
  })
  @ApiOkResponse({ type: CapacityView })
  @ApiErrors(
    [400, 'portfolio is missing, or the id is not a number'],
    [404, 'No such deal or portfolio'],
    [409, 'The portfolio has no holdings yet'],
    [
      422,
      "The deal is dated on or before the as-of date of the portfolio's holdings: it is taken to be in them already; or " +
        BEYOND_EXACT_RANGE,
    ],
  )
  capacity(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() query: CapacityQuery): Promise<CapacityView> {
    return this.projection.capacity(actor, id, query.portfolio);
  }
}
