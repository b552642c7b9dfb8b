import { Module } from '@nestjs/common';
import { ImportProfilesController } from './import-profiles.controller.js';
import { ImportProfilesRepository } from './import-profiles.repository.js';
import { ImportProfilesService } from './import-profiles.service.js';

@Module({
  controllers: [ImportProfilesController],
  providers: [ImportProfilesService, ImportProfilesRepository],
  exports: [ImportProfilesService],
})
export class ImportProfilesModule {}
