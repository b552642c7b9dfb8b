import { Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ApiKeyAuth, RequireRole, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { FileUpload, Upload, type ReceivedUpload } from '../common/multipart.js';
import { ApiPage, PageQuery } from '../common/pagination.js';
import { HoldingView, SnapshotDetailView, SnapshotView, UploadResultView } from './holding.dto.js';
import { HoldingsUploadService } from './holdings-upload.service.js';
import { SnapshotsService } from './snapshots.service.js';
import { IdPipe } from '../common/validation.js';

@ApiTags('holdings')
@ApiKeyAuth()
@Controller('api')
export class HoldingsController {
  constructor(
    private readonly uploads: HoldingsUploadService,
    private readonly snapshots: SnapshotsService,
  ) {}

  @Post('portfolios/:code/holdings')
  @RequireRole('officer')
  @FileUpload({
    asOfDate: { type: 'string', format: 'date', description: 'Required unless every row has as_of_date' },
    profile: { type: 'string', description: "The name of an import profile that reads the file (a fund's or custodian's export) as it is" },
  })
  @ApiOperation({ summary: 'Upload a holdings file (CSV, or XLSX first sheet) as a new snapshot: all rows or nothing' })
  @ApiCreatedResponse({ type: UploadResultView })
  @ApiOkResponse({ type: UploadResultView, description: 'The same file was already uploaded for this date: duplicate is true' })
  @ApiErrors([404, 'No such portfolio, or no such import profile'])
  async upload(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Upload() file: ReceivedUpload,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.uploads.upload(actor, code, file);
    res.status(result.duplicate ? HttpStatus.OK : HttpStatus.CREATED);
    return result;
  }

  @Get('portfolios/:code/snapshots')
  @ApiOperation({ summary: "The portfolio's snapshots, newest first; the first is its current holdings" })
  @ApiPage(SnapshotView)
  @ApiErrors(400, 404)
  listSnapshots(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() page: PageQuery) {
    return this.snapshots.list(actor, code, page);
  }

  @Get('snapshots/:id')
  @ApiOperation({ summary: 'A snapshot: its as-of date, rows, base currency and the FX rates its holdings were converted at' })
  @ApiOkResponse({ type: SnapshotDetailView })
  @ApiErrors(400, 404)
  snapshot(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.snapshots.detail(actor, id);
  }

  @Get('snapshots/:id/holdings')
  @ApiOperation({ summary: 'The rows of a snapshot, in file order' })
  @ApiPage(HoldingView)
  @ApiErrors(400, 404)
  holdings(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() page: PageQuery) {
    return this.snapshots.holdingsOf(actor, id, page);
  }
}
