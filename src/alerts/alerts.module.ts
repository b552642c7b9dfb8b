import { Module } from '@nestjs/common';
import { BreachesModule } from '../breaches/breaches.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { LimitsModule } from '../limits/limits.module.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';
import { RecipientEntity, BreachNotificationEntity } from './recipient.entity.js';
import { AlertsController } from './alerts.controller.js';
import { DigestService } from './digest.service.js';
import { MailTransport } from './mail-transport.js';
import { NotificationsRepository } from './notifications.repository.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxService } from './outbox.service.js';
import { OutboxWorker } from './outbox.worker.js';
import { RecipientsRepository } from './recipients.repository.js';
import { RecipientsService } from './recipients.service.js';

@Module({
  imports: [DatabaseModule.forFeature([OutboxMessageEntity, RecipientEntity, BreachNotificationEntity]), BreachesModule, LimitsModule],
  controllers: [AlertsController],
  providers: [
    MailTransport,
    OutboxService,
    OutboxRepository,
    OutboxWorker,
    RecipientsService,
    RecipientsRepository,
    NotificationsRepository,
    DigestService,
  ],
  exports: [OutboxService, RecipientsService, DigestService],
})
export class AlertsModule {}
