import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { FxModule } from '../fx/fx.module.js';
import { HoldingEntity } from './holding.entity.js';
import { SnapshotEntity } from './snapshot.entity.js';
import { SnapshotBucketEntity } from './snapshot-bucket.entity.js';
import { ImportProfilesModule } from '../import-profiles/import-profiles.module.js';
import { PortfoliosModule } from '../portfolios/portfolios.module.js';
import { IssuersModule } from '../issuers/issuers.module.js';
import { HoldingsController } from './holdings.controller.js';
import { HoldingsRepository } from './holdings.repository.js';
import { HoldingsUploadService } from './holdings-upload.service.js';
import { SnapshotsService } from './snapshots.service.js';

@Module({
  imports: [
    DatabaseModule.forFeature([HoldingEntity, SnapshotEntity, SnapshotBucketEntity]),
    PortfoliosModule,
    ImportProfilesModule,
    IssuersModule,
    FxModule,
  ],
  controllers: [HoldingsController],
  providers: [HoldingsRepository, HoldingsUploadService, SnapshotsService],
  exports: [SnapshotsService],
})
export class HoldingsModule {}
