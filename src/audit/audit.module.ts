import { Global, Module } from '@nestjs/common';
import { AuditTrail } from '../auth/audit-trail.js';
import { DatabaseModule } from '../database/database.module.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

@Global()
@Module({
  imports: [DatabaseModule.forFeature([AuditEntryEntity])],
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, { provide: AuditTrail, useExisting: AuditService }],
  exports: [AuditService, AuditTrail],
})
export class AuditModule {}
