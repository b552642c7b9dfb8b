import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole, type Actor } from '../auth/roles.js';
import { AcknowledgeDto, BreachQuery, CommentDto, RejectWaiverDto, WaiveDto } from './breach.dto.js';
import { BreachesService } from './breaches.service.js';

@ApiTags('breaches')
@ApiBearerAuth()
@Controller('api/breaches')
export class BreachesController {
  constructor(private readonly breaches: BreachesService) {}

  @Get()
  @ApiOperation({ summary: 'Breaches, newest first; with groupBy=group one item per problem (portfolio, limit, scope) with its breaches inside' })
  list(@Query() query: BreachQuery) {
    return this.breaches.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A breach with its history, and the issuers and lots behind its exposure, largest first' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.breaches.get(id);
  }

  @Post(':id/acknowledge')
  @RequireRole('officer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an OPEN breach, or with group: true every OPEN breach of its group' })
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
  @ApiOperation({ summary: 'Ask for a waiver until a date (at most WAIVER_MAX_DAYS ahead), for the breach or with group: true its group; another officer or an admin approves it' })
  waive(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: WaiveDto) {
    return this.breaches.requestWaiver(actor, id, dto);
  }

  @Post(':id/waiver/approve')
  @RequireRole('officer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve the waiver request (not by the officer who asked: 403); every breach it was asked for becomes WAIVED' })
  approveWaiver(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.breaches.approveWaiver(actor, id);
  }

  @Post(':id/waiver/reject')
  @RequireRole('officer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject the waiver request, with the reason' })
  rejectWaiver(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: RejectWaiverDto) {
    return this.breaches.rejectWaiver(actor, id, dto);
  }
}
