import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { BreachEntity, BreachEventEntity } from './breach.entity.js';
import { BreachBreakdown } from './breach-breakdown.js';
import { BreachReader } from './breach-reader.js';
import { BreachRecorder } from './breach-recorder.js';
import { BreachesController } from './breaches.controller.js';
import { HoldingsModule } from '../holdings/holdings.module.js';
import { IssuersModule } from '../issuers/issuers.module.js';
import { LimitsModule } from '../limits/limits.module.js';
import { BreachesRepository } from './breaches.repository.js';
import { BreachesService } from './breaches.service.js';

@Module({
  imports: [DatabaseModule.forFeature([BreachEntity, BreachEventEntity]), HoldingsModule, IssuersModule, LimitsModule],
  controllers: [BreachesController],
  providers: [BreachesService, BreachesRepository, BreachRecorder, BreachReader, BreachBreakdown],
  exports: [BreachRecorder, BreachReader],
})
export class BreachesModule {}
