import { Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ApiKeyAuth, RequireRole, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { FileUpload, Upload, type ReceivedUpload } from '../common/multipart.js';
import { ApiPage } from '../common/pagination.js';
import { FxRatesService } from './fx-rates.service.js';
import { FxUploadService } from './fx-upload.service.js';
import { FxRateQuery, FxRateView, FxUploadView } from './fx.dto.js';

@ApiTags('fx-rates')
@ApiKeyAuth()
@Controller('api/fx-rates')
export class FxRatesController {
  constructor(
    private readonly rates: FxRatesService,
    private readonly uploads: FxUploadService,
  ) {}

  @Post()
  @RequireRole('officer')
  @FileUpload()
  @ApiOperation({
    summary:
      "Upload reference rates: the ECB's eurofxref-hist.csv or daily eurofxref.csv (or their zip) as published, or a CSV date,base,quote,rate",
    description:
      "The ECB's files: Date, then one column per currency, each cell the units of that currency per 1 EUR (N/A or empty where there is none). " +
      'A rate replaces the stored one of its date and pair; all rates are stored or none',
  })
  @ApiCreatedResponse({ type: FxUploadView })
  upload(@CurrentActor() actor: Actor, @Upload() file: ReceivedUpload) {
    return this.uploads.upload(actor, file);
  }

  @Get()
  @ApiOperation({
    summary: 'The stored rates, newest first, by base, quote and dates',
    description: 'A pair asked (base and quote) that is not stored in the range is crossed through EUR on each date both its legs have',
  })
  @ApiPage(FxRateView)
  @ApiErrors(400)
  list(@Query() query: FxRateQuery) {
    return this.rates.list(query);
  }
}
