import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { LimitEntity, LimitVersionEntity } from './limit.entity.js';
import { HoldingsModule } from '../holdings/holdings.module.js';
import { IssuanceModule } from '../issuance/issuance.module.js';
import { IssuersModule } from '../issuers/issuers.module.js';
import { LimitCoverage } from './limit-coverage.js';
import { LimitsController } from './limits.controller.js';
import { LimitsRepository } from './limits.repository.js';
import { LimitsService } from './limits.service.js';

@Module({
  imports: [DatabaseModule.forFeature([LimitEntity, LimitVersionEntity]), HoldingsModule, IssuanceModule, IssuersModule],
  controllers: [LimitsController],
  providers: [LimitsService, LimitsRepository, LimitCoverage],
  exports: [LimitsService],
})
export class LimitsModule {}
