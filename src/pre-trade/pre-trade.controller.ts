import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ApiKeyAuth, RequireRole, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { WhatIfDto, WhatIfView } from './pre-trade.dto.js';
import { PreTradeService } from './pre-trade.service.js';
import { BEYOND_EXACT_RANGE } from '../risk/exact-range.js';

@ApiTags('projection')
@ApiKeyAuth()
@Controller('api/portfolios')
export class PreTradeController {
  constructor(private readonly preTrade: PreTradeService) {}

  @Post(':code/what-if')
  @HttpCode(200)
  @RequireRole('officer')
  @ApiOperation({
    summary: 'Pre-trade check: every limit check the trades change, before and after, today and over the horizon; stores nothing',
  })
  @ApiOkResponse({ type: WhatIfView })
  @ApiErrors(
    [400, 'A trade is invalid (the field is named, e.g. trades.0.marketValue), or it names an unknown issuer id or LEI'],
    403,
    [404, 'No such portfolio or scenario'],
    [422, 'The portfolio has no holdings snapshot to apply the trades to; or ' + BEYOND_EXACT_RANGE],
  )
  check(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: WhatIfDto): Promise<WhatIfView> {
    return this.preTrade.check(actor, code, dto);
  }
}
