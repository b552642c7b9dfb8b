import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../evaluations/evaluations.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({ imports: [EvaluationsModule], controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
