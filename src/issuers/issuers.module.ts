import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { IssuerEntity } from './issuer.entity.js';
import { GleifLeiRecordEntity } from './gleif-lei-record.entity.js';
import { GleifRelationshipEntity } from './gleif-relationship.entity.js';
import { GleifUploadService } from './gleif-upload.service.js';
import { GleifRepository } from './gleif.repository.js';
import { HierarchyUploadService } from './hierarchy-upload.service.js';
import { IssuersRepository } from './issuers.repository.js';
import { IssuersController } from './issuers.controller.js';
import { IssuersService } from './issuers.service.js';

@Module({
  imports: [DatabaseModule.forFeature([IssuerEntity, GleifLeiRecordEntity, GleifRelationshipEntity])],
  controllers: [IssuersController],
  providers: [IssuersService, IssuersRepository, GleifRepository, HierarchyUploadService, GleifUploadService],
  exports: [IssuersService],
})
export class IssuersModule {}
