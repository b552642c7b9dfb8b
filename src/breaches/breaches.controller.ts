import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ApiKeyAuth, RequireRole, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { PageOf, type Page } from '../common/pagination.js';
import {
  AcknowledgeDto,
  BreachDetailView,
  BreachGroupView,
  BreachQuery,
  BreachView,
  CommentDto,
  RejectWaiverDto,
  WaiveDto,
} from './breach.dto.js';
import { BreachesService } from './breaches.service.js';
import { IdPipe } from '../common/validation.js';

@ApiTags('breaches')
@ApiKeyAuth()
@Controller('api/breaches')
export class BreachesController {
  constructor(private readonly breaches: BreachesService) {}

  @Get()
  @ApiOperation({
    summary:
      'Breaches, newest first (of the portfolios of the key); with groupBy=group one item per problem (portfolio, limit, scope) with its breaches inside',
  })
  @ApiExtraModels(PageOf(BreachView), PageOf(BreachGroupView))
  @ApiOkResponse({
    description: 'A page of breaches; with groupBy=group, a page of groups',
    schema: { oneOf: [{ $ref: getSchemaPath(PageOf(BreachView)) }, { $ref: getSchemaPath(PageOf(BreachGroupView)) }] },
  })
  @ApiErrors(400, [404, 'No such portfolio or issuer (filters portfolio and issuer)'])
  list(@CurrentActor() actor: Actor, @Query() query: BreachQuery): Promise<Page<BreachView | BreachGroupView>> {
    return this.breaches.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A breach with its history, and the issuers and lots behind its exposure, largest first' })
  @ApiOkResponse({ type: BreachDetailView })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<BreachDetailView> {
    return this.breaches.get(actor, id);
  }

  @Post(':id/acknowledge')
  @RequireRole('officer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an OPEN breach, or with group: true every OPEN breach of its group' })
  @ApiOkResponse({ type: BreachDetailView })
  @ApiErrors(400, 404, [409, 'The breach is not OPEN (with group: true, none of its group is)'])
  acknowledge(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AcknowledgeDto): Promise<BreachDetailView> {
    return this.breaches.acknowledge(actor, id, dto);
  }

  @Post(':id/comments')
  @RequireRole('officer')
  @HttpCode(201)
  @ApiOperation({ summary: "Add a comment to the breach's history" })
  @ApiCreatedResponse({ type: BreachDetailView })
  @ApiErrors(400, 404)
  comment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CommentDto): Promise<BreachDetailView> {
    return this.breaches.comment(actor, id, dto);
  }

  @Post(':id/waive')
  @RequireRole('officer')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Ask for a waiver until a date (at most WAIVER_MAX_DAYS ahead), for the breach or with group: true its group; another officer or an admin approves it',
  })
  @ApiOkResponse({ type: BreachDetailView })
  @ApiErrors(400, 404, [409, 'The breach is resolved or already has a waiver request'])
  waive(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: WaiveDto): Promise<BreachDetailView> {
    return this.breaches.requestWaiver(actor, id, dto);
  }

  @Post(':id/waiver/approve')
  @RequireRole('officer')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve the waiver request (not by the person who asked, by email, whatever the user: 403); every breach it was asked for becomes WAIVED',
  })
  @ApiOkResponse({ type: BreachDetailView })
  @ApiErrors(400, [403, 'The person who asked for the waiver (the same email) cannot approve it'], 404, [
    409,
    'The breach has no waiver request',
  ])
  approveWaiver(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<BreachDetailView> {
    return this.breaches.approveWaiver(actor, id);
  }

  @Post(':id/waiver/reject')
  @RequireRole('officer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject the waiver request, with the reason' })
  @ApiOkResponse({ type: BreachDetailView })
  @ApiErrors(400, 404, [409, 'The breach has no waiver request'])
  rejectWaiver(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: RejectWaiverDto): Promise<BreachDetailView> {
    return this.breaches.rejectWaiver(actor, id, dto);
  }
}
