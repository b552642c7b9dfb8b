import { Controller, Get, HttpStatus, Param, ParseIntPipe, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole, type Actor } from '../auth/roles.js';
import { MultipartUploadInterceptor, Upload, type ReceivedUpload } from '../common/multipart.js';
import { PageQuery } from '../common/pagination.js';
import { UploadResultView } from './holding.dto.js';
import { HoldingsUploadService } from './holdings-upload.service.js';
import { SnapshotsService } from './snapshots.service.js';

@ApiTags('holdings')
@ApiBearerAuth()
@Controller('api')
export class HoldingsController {
  constructor(
    private readonly uploads: HoldingsUploadService,
    private readonly snapshots: SnapshotsService,
  ) {}

  @Post('portfolios/:code/holdings')
  @RequireRole('officer')
  @UseInterceptors(MultipartUploadInterceptor)
  @ApiOperation({ summary: 'Upload a holdings file (CSV, or XLSX first sheet) as a new snapshot: all rows or nothing' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        asOfDate: { type: 'string', format: 'date', description: 'Required unless every row has as_of_date' },
      },
    },
  })
  @ApiCreatedResponse({ type: UploadResultView })
  @ApiOkResponse({ type: UploadResultView, description: 'The same file was already uploaded for this date: duplicate is true' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid rows: details lists {row, column, message}, the first 1,000' })
  async upload(@CurrentActor() actor: Actor, @Param('code') code: string, @Upload() file: ReceivedUpload, @Res({ passthrough: true }) res: Response) {
    const result = await this.uploads.upload(actor, code, file);
    res.status(result.duplicate ? HttpStatus.OK : HttpStatus.CREATED);
    return result;
  }

  @Get('portfolios/:code/snapshots')
  @ApiOperation({ summary: "The portfolio's snapshots, newest first; the first is its current holdings" })
  listSnapshots(@Param('code') code: string, @Query() page: PageQuery) {
    return this.snapshots.list(code, page);
  }

  @Get('snapshots/:id/holdings')
  holdings(@Param('id', ParseIntPipe) id: number, @Query() page: PageQuery) {
    return this.snapshots.holdingsOf(id, page);
  }
}
