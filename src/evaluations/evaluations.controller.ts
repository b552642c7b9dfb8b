import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/roles.js';
import { PageQuery } from '../common/pagination.js';
import { RunEvaluationDto } from './evaluation.dto.js';
import { EvaluationsService } from './evaluations.service.js';

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('api/evaluations')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Post()
  @RequireRole('officer')
  @HttpCode(201)
  @ApiOperation({ summary: 'Run an evaluation now; answers when the run is complete' })
  run(@Body() dto: RunEvaluationDto) {
    return this.evaluations.runNow(dto);
  }

  @Get()
  list(@Query() page: PageQuery) {
    return this.evaluations.list(page);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A run with its inputs and a page of its results (limit, offset), as it was' })
  get(@Param('id', ParseIntPipe) id: number, @Query() page: PageQuery) {
    return this.evaluations.get(id, page);
  }
}
