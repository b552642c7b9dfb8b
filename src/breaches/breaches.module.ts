import { Module } from '@nestjs/common';
import { BreachBreakdown } from './breach-breakdown.js';
import { BreachRecorder } from './breach-recorder.js';
import { BreachesController } from './breaches.controller.js';
import { IssuersModule } from '../issuers/issuers.module.js';
import { LimitsModule } from '../limits/limits.module.js';
import { BreachesRepository } from './breaches.repository.js';
import { BreachesService } from './breaches.service.js';

@Module({
  imports: [IssuersModule, LimitsModule],
  controllers: [BreachesController],
  providers: [BreachesService, BreachesRepository, BreachRecorder, BreachBreakdown],
  exports: [BreachRecorder],
})
export class BreachesModule {}
