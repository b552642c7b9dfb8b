import { Module } from '@nestjs/common';
import { HoldingsModule } from '../holdings/holdings.module.js';
import { FxModule } from '../fx/fx.module.js';
import { IssuanceModule } from '../issuance/issuance.module.js';
import { IssuersModule } from '../issuers/issuers.module.js';
import { LimitsModule } from '../limits/limits.module.js';
import { PortfoliosModule } from '../portfolios/portfolios.module.js';
import { ProjectionController } from './projection.controller.js';
import { ProjectionService } from './projection.service.js';

@Module({
  imports: [PortfoliosModule, HoldingsModule, FxModule, LimitsModule, IssuanceModule, IssuersModule],
  controllers: [ProjectionController],
  providers: [ProjectionService],
  exports: [ProjectionService],
})
export class ProjectionModule {}
