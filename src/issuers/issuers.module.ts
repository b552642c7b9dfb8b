import { Module } from '@nestjs/common';
import { GleifUploadService } from './gleif-upload.service.js';
import { HierarchyUploadService } from './hierarchy-upload.service.js';
import { IssuersController } from './issuers.controller.js';
import { IssuersService } from './issuers.service.js';

@Module({
  controllers: [IssuersController],
  providers: [IssuersService, HierarchyUploadService, GleifUploadService],
  exports: [IssuersService],
})
export class IssuersModule {}
