import { Module } from '@nestjs/common';
import { BreachesModule } from '../breaches/breaches.module.js';
import { EvaluationsModule } from '../evaluations/evaluations.module.js';
import { HoldingsModule } from '../holdings/holdings.module.js';
import { LimitsModule } from '../limits/limits.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [EvaluationsModule, BreachesModule, LimitsModule, HoldingsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
