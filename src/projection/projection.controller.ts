import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CapacityQuery, ExposureQuery } from './projection.dto.js';
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
  @ApiOperation({ summary: 'maxAllocation: the most of this deal the portfolio can take within every applicable limit' })
  capacity(@Param('id', ParseIntPipe) id: number, @Query() query: CapacityQuery) {
    return this.projection.capacity(id, query.portfolio);
  }
}
