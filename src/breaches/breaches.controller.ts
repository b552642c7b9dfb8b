import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole, type Actor } from '../auth/roles.js';
import { AcknowledgeDto, BreachQuery, CommentDto, WaiveDto } from './breach.dto.js';
import { BreachesService } from './breaches.service.js';

@ApiTags('breaches')
@ApiBearerAuth()
@Controller('api/breaches')
export class BreachesController {
  constructor(private readonly breaches: BreachesService) {}

  @Get()
  list(@Query() query: BreachQuery) {
    return this.breaches.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A breach with the history of its events' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.breaches.get(id);
  }

  @Post(':id/acknowledge')
  @RequireRole('officer')
  @HttpCode(200)
  acknowledge(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: AcknowledgeDto) {
    return this.breaches.acknowledge(actor, id, dto);
  }

  @Post(':id/comments')
  @RequireRole('officer')
  @HttpCode(201)
  comment(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: CommentDto) {
    return this.breaches.comment(actor, id, dto);
  }

  @Post(':id/waive')
  @RequireRole('officer')
  @HttpCode(200)
  waive(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: WaiveDto) {
    return this.breaches.waive(actor, id, dto);
  }
}
