import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
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
  @ApiCreatedResponse({ type: PortfolioView })
  @ApiErrors(400, [409, 'A portfolio with this code already exists'])
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePortfolioDto) {
    return this.portfolios.create(actor, dto);
  }

  @Get()
  @ApiPage(PortfolioView)
  @ApiErrors(400)
  list(@Query() page: PageQuery) {
    return this.portfolios.list(page);
  }

  @Get(':code')
  @ApiOkResponse({ type: PortfolioView })
  @ApiErrors(404)
  get(@Param('code') code: string) {
    return this.portfolios.get(code);
  }

  @Patch(':code')
  @RequireRole('admin')
  @ApiOkResponse({ type: PortfolioView })
  @ApiErrors(400, 404)
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdatePortfolioDto) {
    return this.portfolios.update(actor, code, dto);
  }
}
