import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { RequireRole } from '../auth/roles.js';
import { PageQuery } from '../common/pagination.js';
import { AuditService } from './audit.service.js';

class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only entries about this kind of record, e.g. portfolio, snapshot, issuer, user' })
  @IsOptional()
  @IsString()
  entity?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Every change: who, when, what, before and after (newest first)' })
  list(@Query() query: AuditQuery) {
    return this.audit.list(query);
  }
}
