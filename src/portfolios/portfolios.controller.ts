import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireAllPortfolios } from '../auth/portfolio-access.js';
import { ApiKeyAuth, RequireRole, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { ApiPage, PageQuery } from '../common/pagination.js';
import { CreatePortfolioDto, PortfolioView, UpdatePortfolioDto } from './portfolio.dto.js';
import { PortfoliosService } from './portfolios.service.js';

@ApiTags('portfolios')
@ApiKeyAuth()
@Controller('api/portfolios')
export class PortfoliosController {
  constructor(private readonly portfolios: PortfoliosService) {}

  @Post()
  @RequireRole('admin')
  @RequireAllPortfolios()
  @ApiCreatedResponse({ type: PortfolioView })
  @ApiErrors(400, [409, 'A portfolio with this code already exists'])
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePortfolioDto) {
    return this.portfolios.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The portfolios, by code (for a user limited to some portfolios, those)' })
  @ApiPage(PortfolioView)
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() page: PageQuery) {
    return this.portfolios.list(actor, page);
  }

  @Get(':code')
  @ApiOkResponse({ type: PortfolioView })
  @ApiErrors([404, 'No such portfolio, or one the key is not allowed to see'])
  get(@CurrentActor() actor: Actor, @Param('code') code: string) {
    return this.portfolios.get(actor, code);
  }

  @Patch(':code')
  @RequireRole('admin')
  @ApiOkResponse({ type: PortfolioView })
  @ApiErrors(400, 404)
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdatePortfolioDto) {
    return this.portfolios.update(actor, code, dto);
  }
}
