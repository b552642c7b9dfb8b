import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireAllPortfolios } from '../auth/portfolio-access.js';
import { ApiKeyAuth, RequireRole, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { ApiPage } from '../common/pagination.js';
import { CreateLimitDto, LimitChangeView, LimitDetailView, LimitQuery, LimitView, UpdateLimitDto } from './limit.dto.js';
import { LimitsService } from './limits.service.js';
import { IdPipe } from '../common/validation.js';

@ApiTags('limits')
@ApiKeyAuth()
@Controller('api/limits')
export class LimitsController {
  constructor(private readonly limits: LimitsService) {}

  @Post()
  @RequireRole('admin')
  @RequireAllPortfolios()
  @ApiOperation({ summary: 'Create a limit (version 1)' })
  @ApiCreatedResponse({ type: LimitChangeView })
  @ApiErrors(400)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateLimitDto) {
    return this.limits.create(actor, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'The current version of each limit, by id; for a user limited to some portfolios, those of every portfolio and of its own',
  })
  @ApiPage(LimitView)
  @ApiErrors(400, [404, 'No such portfolio'])
  list(@CurrentActor() actor: Actor, @Query() query: LimitQuery) {
    return this.limits.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A limit, its current version and the versions before it' })
  @ApiOkResponse({ type: LimitDetailView })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.limits.get(actor, id);
  }

  @Patch(':id')
  @RequireRole('admin')
  @RequireAllPortfolios()
  @ApiOperation({ summary: 'Change a limit: adds a version, the old one is kept' })
  @ApiOkResponse({ type: LimitChangeView })
  @ApiErrors(400, 404)
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateLimitDto) {
    return this.limits.update(actor, id, dto);
  }

  @Delete(':id')
  @RequireRole('admin')
  @RequireAllPortfolios()
  @HttpCode(204)
  @ApiOperation({ summary: 'End a limit; its versions stay in the audit log and in past runs' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.limits.remove(actor, id);
  }
}
