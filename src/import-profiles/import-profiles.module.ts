import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { ImportProfileEntity } from './import-profile.entity.js';
import { ImportProfilesController } from './import-profiles.controller.js';
import { ImportProfilesRepository } from './import-profiles.repository.js';
import { ImportProfilesService } from './import-profiles.service.js';

@Module({
  imports: [DatabaseModule.forFeature([ImportProfileEntity])],
  controllers: [ImportProfilesController],
  providers: [ImportProfilesService, ImportProfilesRepository],
  exports: [ImportProfilesService],
})
export class ImportProfilesModule {}
