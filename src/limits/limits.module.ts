import { Module } from '@nestjs/common';
import { HoldingsModule } from '../holdings/holdings.module.js';
import { LimitCoverage } from './limit-coverage.js';
import { LimitsController } from './limits.controller.js';
import { LimitsRepository } from './limits.repository.js';
import { LimitsService } from './limits.service.js';

@Module({
  imports: [HoldingsModule],
  controllers: [LimitsController],
  providers: [LimitsService, LimitsRepository, LimitCoverage],
  exports: [LimitsService, LimitsRepository],
})
export class LimitsModule {}
