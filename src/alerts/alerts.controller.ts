import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireAllPortfolios } from '../auth/portfolio-access.js';
import { ApiKeyAuth, RequireRole, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { ApiPage, PageQuery } from '../common/pagination.js';
import { AlertQuery, AlertView, RetryAlertDto } from './alert.dto.js';
import { OutboxService } from './outbox.service.js';
import { CreateRecipientDto, RecipientView } from './recipient.dto.js';
import { RecipientsService } from './recipients.service.js';
import { IdPipe } from '../common/validation.js';

@ApiTags('alerts')
@ApiKeyAuth()
@Controller('api')
export class AlertsController {
  constructor(
    private readonly outbox: OutboxService,
    private readonly recipients: RecipientsService,
  ) {}

  @Get('alerts')
  @ApiOperation({
    summary:
      'The email outbox, newest first: status, attempts, last error; for a user limited to some portfolios, only the emails about those alone',
  })
  @ApiPage(AlertView)
  @ApiErrors(400)
  alerts(@CurrentActor() actor: Actor, @Query() query: AlertQuery) {
    return this.outbox.list(actor, query);
  }

  @Post('alerts/:id/retry')
  @RequireRole('admin')
  @RequireAllPortfolios()
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a FAILED email again (after the mail problem is fixed); audited with the reason' })
  @ApiOkResponse({ type: AlertView })
  @ApiErrors(400, 404, [409, 'The email is not FAILED, or changed meanwhile'])
  retry(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: RetryAlertDto) {
    return this.outbox.retry(actor, id, dto.reason);
  }

  @Post('recipients')
  @RequireRole('admin')
  @RequireAllPortfolios()
  @ApiOperation({ summary: 'Add a recipient of the digest emails' })
  @ApiCreatedResponse({ type: RecipientView })
  @ApiErrors(400, [409, 'A recipient with this email already exists'])
  addRecipient(@CurrentActor() actor: Actor, @Body() dto: CreateRecipientDto) {
    return this.recipients.create(actor, dto);
  }

  @Get('recipients')
  @RequireRole('admin')
  @RequireAllPortfolios()
  @ApiPage(RecipientView)
  @ApiErrors(400)
  listRecipients(@Query() page: PageQuery) {
    return this.recipients.list(page);
  }

  @Delete('recipients/:id')
  @RequireRole('admin')
  @RequireAllPortfolios()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(400, 404)
  removeRecipient(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.recipients.remove(actor, id);
  }
}
