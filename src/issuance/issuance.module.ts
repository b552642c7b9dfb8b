import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { DealEntity } from './deal.entity.js';
import { ForecastEntity } from './forecast.entity.js';
import { ScenarioEntity } from './scenario.entity.js';
import { DealsUploadService } from './deals-upload.service.js';
import { DealsRepository } from './deals.repository.js';
import { DealsService } from './deals.service.js';
import { IssuersModule } from '../issuers/issuers.module.js';
import { IssuanceController, ScenariosController } from './issuance.controller.js';
import { ScenariosRepository } from './scenarios.repository.js';
import { ScenariosService } from './scenarios.service.js';

@Module({
  imports: [DatabaseModule.forFeature([DealEntity, ForecastEntity, ScenarioEntity]), IssuersModule],
  controllers: [IssuanceController, ScenariosController],
  providers: [DealsRepository, ScenariosRepository, DealsService, DealsUploadService, ScenariosService],
  exports: [ScenariosService, DealsService],
})
export class IssuanceModule {}
