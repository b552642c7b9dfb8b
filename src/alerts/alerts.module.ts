import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';
import { RecipientEntity, BreachNotificationEntity } from './recipient.entity.js';
import { AlertsController } from './alerts.controller.js';
import { MailTransport } from './mail-transport.js';
import { OutboxService } from './outbox.service.js';
import { OutboxWorker } from './outbox.worker.js';
import { RecipientsRepository } from './recipients.repository.js';
import { RecipientsService } from './recipients.service.js';

@Module({
  imports: [DatabaseModule.forFeature([OutboxMessageEntity, RecipientEntity, BreachNotificationEntity])],
  controllers: [AlertsController],
  providers: [MailTransport, OutboxService, OutboxWorker, RecipientsService, RecipientsRepository],
  exports: [OutboxService, RecipientsService, RecipientsRepository],
})
export class AlertsModule {}
