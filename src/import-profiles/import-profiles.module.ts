import { Module } from '@nestjs/common';
import { ImportProfilesController } from './import-profiles.controller.js';
import { ImportProfilesService } from './import-profiles.service.js';

@Module({ controllers: [ImportProfilesController], providers: [ImportProfilesService], exports: [ImportProfilesService] })
export class ImportProfilesModule {}
