import { Module } from '@nestjs/common';
import { ImportProfilesModule } from '../import-profiles/import-profiles.module.js';
import { PortfoliosModule } from '../portfolios/portfolios.module.js';
import { HoldingsController } from './holdings.controller.js';
import { HoldingsRepository } from './holdings.repository.js';
import { HoldingsUploadService } from './holdings-upload.service.js';
import { SnapshotsService } from './snapshots.service.js';

@Module({
  imports: [PortfoliosModule, ImportProfilesModule],
  controllers: [HoldingsController],
  providers: [HoldingsRepository, HoldingsUploadService, SnapshotsService],
  exports: [HoldingsRepository],
})
export class HoldingsModule {}
