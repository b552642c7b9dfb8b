import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { EvaluationRunEntity, EvaluationResultEntity } from './evaluation-run.entity.js';
import { AlertsModule } from '../alerts/alerts.module.js';
import { BreachesModule } from '../breaches/breaches.module.js';
import { IssuanceModule } from '../issuance/issuance.module.js';
import { ProjectionModule } from '../projection/projection.module.js';
import { EvaluationScheduler } from './evaluation.scheduler.js';
import { EvaluationsController } from './evaluations.controller.js';
import { EvaluationsService } from './evaluations.service.js';
import { RunLedger } from './run-ledger.js';
import { RunsRepository } from './runs.repository.js';

@Module({
  imports: [
    DatabaseModule.forFeature([EvaluationRunEntity, EvaluationResultEntity]),
    ProjectionModule,
    IssuanceModule,
    BreachesModule,
    AlertsModule,
  ],
  controllers: [EvaluationsController],
  providers: [EvaluationsService, RunLedger, RunsRepository, EvaluationScheduler],
  exports: [EvaluationsService],
})
export class EvaluationsModule {}
