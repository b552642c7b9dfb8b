import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole, type Actor } from '../auth/roles.js';
import { PageQuery } from '../common/pagination.js';
import { CreatePortfolioDto, PortfolioView, UpdatePortfolioDto } from './portfolio.dto.js';
import { PortfoliosService } from './portfolios.service.js';

@ApiTags('portfolios')
@ApiBearerAuth()
@Controller('api/portfolios')
export class PortfoliosController {
  constructor(private readonly portfolios: PortfoliosService) {}

  @Post()
  @RequireRole('admin')
  @ApiCreatedResponse({ type: PortfolioView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePortfolioDto) {
    return this.portfolios.create(actor, dto);
  }

  @Get()
  list(@Query() page: PageQuery) {
    return this.portfolios.list(page);
  }

  @Get(':code')
  @ApiOkResponse({ type: PortfolioView })
  get(@Param('code') code: string) {
    return this.portfolios.get(code);
  }

  @Patch(':code')
  @RequireRole('admin')
  @ApiOkResponse({ type: PortfolioView })
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdatePortfolioDto) {
    return this.portfolios.update(actor, code, dto);
  }
}
