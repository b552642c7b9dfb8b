import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { FxRateEntity } from './fx-rate.entity.js';
import { FxRatesController } from './fx-rates.controller.js';
import { FxRatesRepository } from './fx-rates.repository.js';
import { FxRatesService } from './fx-rates.service.js';
import { FxUploadService } from './fx-upload.service.js';

/** Reference rates of currencies (SPEC 5.10): their uploads, their list, and the lookup other features convert with (FxRatesService.ratesAt). */
@Module({
  imports: [DatabaseModule.forFeature([FxRateEntity])],
  controllers: [FxRatesController],
  providers: [FxRatesService, FxRatesRepository, FxUploadService],
  exports: [FxRatesService],
})
export class FxModule {}
