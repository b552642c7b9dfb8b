import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ApiKeyAuth, RequireRole, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { FileUpload, Upload, type ReceivedUpload } from '../common/multipart.js';
import { ApiPage, PageQuery } from '../common/pagination.js';
import { DealsUploadService } from './deals-upload.service.js';
import { DealsService } from './deals.service.js';
import {
  CreateDealDto,
  CreateForecastDto,
  CreateScenarioDto,
  DealQuery,
  DealView,
  DealsUploadView,
  ForecastView,
  ScenarioView,
  UpdateDealDto,
  UpdateScenarioDto,
} from './issuance.dto.js';
import { ScenariosService } from './scenarios.service.js';
import { IdPipe } from '../common/validation.js';

@ApiTags('issuance')
@ApiKeyAuth()
@Controller('api/issuance')
export class IssuanceController {
  constructor(
    private readonly deals: DealsService,
    private readonly uploads: DealsUploadService,
  ) {}

  @Post('deals')
  @RequireRole('officer')
  @ApiOperation({ summary: 'Add an expected deal; the issuer may be given by id, LEI, CUSIP-6 or name' })
  @ApiCreatedResponse({ type: DealView })
  @ApiErrors(400)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDealDto) {
    return this.deals.create(actor, dto);
  }

  @Post('deals/upload')
  @RequireRole('officer')
  @FileUpload()
  @ApiOperation({ summary: 'Upload deals: CSV with the columns of shared/data/issuance-pipeline.csv' })
  @ApiCreatedResponse({ type: DealsUploadView })
  upload(@CurrentActor() actor: Actor, @Upload() file: ReceivedUpload) {
    return this.uploads.upload(actor, file);
  }

  @Get('deals')
  @ApiOperation({ summary: 'Expected deals by date' })
  @ApiPage(DealView)
  @ApiErrors(400)
  list(@Query() query: DealQuery) {
    return this.deals.list(query);
  }

  @Get('deals/:id')
  @ApiOkResponse({ type: DealView })
  @ApiErrors(400, 404)
  get(@Param('id', IdPipe) id: number) {
    return this.deals.get(id);
  }

  @Patch('deals/:id')
  @RequireRole('officer')
  @ApiOkResponse({ type: DealView })
  @ApiErrors(400, 404)
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateDealDto) {
    return this.deals.update(actor, id, dto);
  }

  @Delete('deals/:id')
  @RequireRole('officer')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.deals.remove(actor, id);
  }

  @Post('forecasts')
  @RequireRole('officer')
  @ApiOperation({ summary: 'A run-rate: annualAmount spread evenly over the months from..to, one deal a month' })
  @ApiCreatedResponse({ type: ForecastView })
  @ApiErrors(400)
  forecast(@CurrentActor() actor: Actor, @Body() dto: CreateForecastDto) {
    return this.deals.forecast(actor, dto);
  }
}

@ApiTags('issuance')
@ApiKeyAuth()
@Controller('api/scenarios')
export class ScenariosController {
  constructor(private readonly scenarios: ScenariosService) {}

  @Get()
  @ApiOperation({ summary: 'The scenarios, built-in ones first' })
  @ApiPage(ScenarioView)
  @ApiErrors(400)
  list(@Query() page: PageQuery) {
    return this.scenarios.list(page);
  }

  @Post()
  @RequireRole('admin')
  @ApiCreatedResponse({ type: ScenarioView })
  @ApiErrors(400, [409, 'A scenario with this name already exists'])
  create(@CurrentActor() actor: Actor, @Body() dto: CreateScenarioDto) {
    return this.scenarios.create(actor, dto);
  }

  @Patch(':name')
  @RequireRole('admin')
  @ApiOkResponse({ type: ScenarioView })
  @ApiErrors(400, 404, [409, 'A built-in scenario cannot be changed'])
  update(@CurrentActor() actor: Actor, @Param('name') name: string, @Body() dto: UpdateScenarioDto) {
    return this.scenarios.update(actor, name, dto);
  }
}
