import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireAllPortfolios } from '../auth/portfolio-access.js';
import { ApiKeyAuth, RequireRole, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { ApiPage, PageQuery } from '../common/pagination.js';
import { AppliedPresetView, ApplyPresetDto, LimitPresetView } from './limit-preset.dto.js';
import { LimitPresetsService } from './limit-presets.service.js';

@ApiTags('limits')
@ApiKeyAuth()
@Controller('api/limit-presets')
export class LimitPresetsController {
  constructor(private readonly presets: LimitPresetsService) {}

  @Get()
  @ApiOperation({ summary: 'The rule sets, each with its limits and where each comes from' })
  @ApiPage(LimitPresetView)
  @ApiErrors(400)
  list(@Query() query: PageQuery) {
    return this.presets.list(query);
  }

  @Post(':id/apply')
  @RequireRole('admin')
  @RequireAllPortfolios()
  @ApiOperation({ summary: "Create a rule set's limits as ordinary limits, for one portfolio or for every portfolio (null)" })
  @ApiCreatedResponse({ type: AppliedPresetView })
  @ApiErrors(400, [404, 'No such preset'], [409, 'The preset is already applied to that portfolio'])
  apply(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ApplyPresetDto) {
    return this.presets.apply(actor, id, dto.portfolio);
  }
}
