import { Module } from '@nestjs/common';
import { DealsUploadService } from './deals-upload.service.js';
import { DealsService } from './deals.service.js';
import { IssuanceController, ScenariosController } from './issuance.controller.js';
import { ScenariosService } from './scenarios.service.js';

@Module({
  controllers: [IssuanceController, ScenariosController],
  providers: [DealsService, DealsUploadService, ScenariosService],
  exports: [ScenariosService],
})
export class IssuanceModule {}
