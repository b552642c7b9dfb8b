import { Module } from '@nestjs/common';
import { HoldingsModule } from '../holdings/holdings.module.js';
import { FxModule } from '../fx/fx.module.js';
import { IssuanceModule } from '../issuance/issuance.module.js';
import { IssuersModule } from '../issuers/issuers.module.js';
import { PortfoliosModule } from '../portfolios/portfolios.module.js';
import { ProjectionModule } from '../projection/projection.module.js';
import { PreTradeController } from './pre-trade.controller.js';
import { PreTradeService } from './pre-trade.service.js';
import { SnapshotBucketCache } from './snapshot-bucket-cache.js';

@Module({
  imports: [PortfoliosModule, HoldingsModule, FxModule, IssuanceModule, IssuersModule, ProjectionModule],
  controllers: [PreTradeController],
  providers: [PreTradeService, SnapshotBucketCache],
})
export class PreTradeModule {}
