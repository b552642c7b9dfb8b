import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { BreachEntity, BreachEventEntity } from './breach.entity.js';
import { BreachBreakdown } from './breach-breakdown.js';
import { BreachRecorder } from './breach-recorder.js';
import { BreachesController } from './breaches.controller.js';
import { IssuersModule } from '../issuers/issuers.module.js';
import { LimitsModule } from '../limits/limits.module.js';
import { BreachesRepository } from './breaches.repository.js';
import { BreachesService } from './breaches.service.js';

@Module({
  imports: [DatabaseModule.forFeature([BreachEntity, BreachEventEntity]), IssuersModule, LimitsModule],
  controllers: [BreachesController],
  providers: [BreachesService, BreachesRepository, BreachRecorder, BreachBreakdown],
  exports: [BreachRecorder],
})
export class BreachesModule {}
