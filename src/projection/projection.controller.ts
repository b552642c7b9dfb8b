import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CapacityQuery, CapacityView, ExposureQuery } from './projection.dto.js';
import { ProjectionService } from './projection.service.js';

@ApiTags('projection')
@ApiBearerAuth()
@Controller('api')
export class ProjectionController {
  constructor(private readonly projection: ProjectionService) {}

  @Get('portfolios/:code/exposures')
  @ApiOperation({ summary: 'Per family and aggregate: exposure, limit, utilization, status today, and the monthly projection' })
  exposures(@Param('code') code: string, @Query() query: ExposureQuery) {
    return this.projection.exposures(code, query.scenario, query.horizon);
  }

  @Get('issuance/deals/:id/capacity')
  @ApiOperation({ summary: 'maxAllocation: the most of this deal the portfolio can take within every applicable limit, and the limit and month that bind it' })
  @ApiOkResponse({ type: CapacityView })
  @ApiBadRequestResponse({ description: 'portfolio is missing' })
  @ApiNotFoundResponse({ description: 'No such deal or portfolio' })
  @ApiConflictResponse({ description: 'The portfolio has no holdings yet' })
  @ApiUnprocessableEntityResponse({ description: "The deal is dated on or before the as-of date of the portfolio's holdings: it is taken to be in them already" })
  capacity(@Param('id', ParseIntPipe) id: number, @Query() query: CapacityQuery): Promise<CapacityView> {
    return this.projection.capacity(id, query.portfolio);
  }
}
