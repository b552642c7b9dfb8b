import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole, type Actor } from '../auth/roles.js';
import { PageQuery } from '../common/pagination.js';
import { AlertQuery, AlertView, RetryAlertDto } from './alert.dto.js';
import { OutboxService } from './outbox.service.js';
import { CreateRecipientDto, RecipientView } from './recipient.dto.js';
import { RecipientsService } from './recipients.service.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api')
export class AlertsController {
  constructor(
    private readonly outbox: OutboxService,
    private readonly recipients: RecipientsService,
  ) {}

  @Get('alerts')
  @ApiOperation({ summary: 'The email outbox, newest first: status, attempts, last error' })
  alerts(@Query() query: AlertQuery) {
    return this.outbox.list(query);
  }

  @Post('alerts/:id/retry')
  @RequireRole('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a FAILED email again (after the mail problem is fixed); audited with the reason' })
  @ApiOkResponse({ type: AlertView })
  retry(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: RetryAlertDto) {
    return this.outbox.retry(actor, id, dto.reason);
  }

  @Post('recipients')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Add a recipient of the digest emails' })
  @ApiCreatedResponse({ type: RecipientView })
  addRecipient(@CurrentActor() actor: Actor, @Body() dto: CreateRecipientDto) {
    return this.recipients.create(actor, dto);
  }

  @Get('recipients')
  @RequireRole('admin')
  listRecipients(@Query() page: PageQuery) {
    return this.recipients.list(page);
  }

  @Delete('recipients/:id')
  @RequireRole('admin')
  @HttpCode(204)
  removeRecipient(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.recipients.remove(actor, id);
  }
}
