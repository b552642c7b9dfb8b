import { Global, Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { FxModule } from '../fx/fx.module.js';
import { HoldingEntity } from './holding.entity.js';
import { SnapshotEntity } from './snapshot.entity.js';
import { SnapshotBucketEntity } from './snapshot-bucket.entity.js';
import { ImportProfilesModule } from '../import-profiles/import-profiles.module.js';
import { PortfoliosModule } from '../portfolios/portfolios.module.js';
import { PortfolioSnapshots } from '../portfolios/portfolio-snapshots.js';
import { IssuersModule } from '../issuers/issuers.module.js';
import { HoldingsController } from './holdings.controller.js';
import { HoldingsRepository } from './holdings.repository.js';
import { HoldingsUploadService } from './holdings-upload.service.js';
import { SnapshotsService } from './snapshots.service.js';

/** Global: portfolios ask it whether a portfolio has snapshots (PortfolioSnapshots) before its base currency changes. */
@Global()
@Module({
  imports: [
    DatabaseModule.forFeature([HoldingEntity, SnapshotEntity, SnapshotBucketEntity]),
    PortfoliosModule,
    ImportProfilesModule,
    IssuersModule,
    FxModule,
  ],
  controllers: [HoldingsController],
  providers: [
    HoldingsRepository,
    HoldingsUploadService,
    SnapshotsService,
    // From the repository, not SnapshotsService: that one needs PortfoliosService, which needs this.
    {
      provide: PortfolioSnapshots,
      useFactory: (holdings: HoldingsRepository): PortfolioSnapshots => ({
        current: (id, manager) => holdings.currentSnapshot(id, manager),
      }),
      inject: [HoldingsRepository],
    },
  ],
  exports: [SnapshotsService, PortfolioSnapshots],
})
export class HoldingsModule {}
