import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { HealthProbeEntity } from './health-probe.entity.js';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';

@Module({
  imports: [DatabaseModule.forFeature([HealthProbeEntity]), TerminusModule],
  controllers: [HealthController, MetricsController],
  providers: [MetricsService, MetricsRepository],
})
export class HealthModule {}
