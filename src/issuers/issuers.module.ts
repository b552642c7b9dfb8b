import { Module } from '@nestjs/common';
import { GleifUploadService } from './gleif-upload.service.js';
import { HierarchyUploadService } from './hierarchy-upload.service.js';
import { IssuersRepository } from './issuers.repository.js';
import { IssuersController } from './issuers.controller.js';
import { IssuersService } from './issuers.service.js';

@Module({
  controllers: [IssuersController],
  providers: [IssuersService, IssuersRepository, HierarchyUploadService, GleifUploadService],
  exports: [IssuersService, IssuersRepository],
})
export class IssuersModule {}
