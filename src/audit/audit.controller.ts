import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireAllPortfolios } from '../auth/portfolio-access.js';
import { ApiKeyAuth, RequireRole } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { ApiPage } from '../common/pagination.js';
import { AuditEntryView, AuditQuery } from './audit.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@ApiKeyAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireRole('admin')
  @RequireAllPortfolios()
  @ApiOperation({ summary: 'Every change: who, when, what, before and after (newest first)' })
  @ApiPage(AuditEntryView)
  @ApiErrors(400)
  list(@Query() query: AuditQuery) {
    return this.audit.list(query);
  }
}
