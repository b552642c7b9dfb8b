import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole, type Actor } from '../auth/roles.js';
import { MultipartUploadInterceptor, Upload, type ReceivedUpload } from '../common/multipart.js';
import { DealsUploadService } from './deals-upload.service.js';
import { DealsService } from './deals.service.js';
import { CreateDealDto, CreateForecastDto, CreateScenarioDto, DealQuery, UpdateDealDto, UpdateScenarioDto } from './issuance.dto.js';
import { ScenariosService } from './scenarios.service.js';

@ApiTags('issuance')
@ApiBearerAuth()
@Controller('api/issuance')
export class IssuanceController {
  constructor(
    private readonly deals: DealsService,
    private readonly uploads: DealsUploadService,
  ) {}

  @Post('deals')
  @RequireRole('officer')
  @ApiOperation({ summary: 'Add an expected deal; the issuer may be given by id, LEI, CUSIP-6 or name' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDealDto) {
    return this.deals.create(actor, dto);
  }

  @Post('deals/upload')
  @RequireRole('officer')
  @UseInterceptors(MultipartUploadInterceptor)
  @ApiOperation({ summary: 'Upload deals: CSV with the columns of shared/data/issuance-pipeline.csv' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  upload(@CurrentActor() actor: Actor, @Upload() file: ReceivedUpload) {
    return this.uploads.upload(actor, file);
  }

  @Get('deals')
  list(@Query() query: DealQuery) {
    return this.deals.list(query);
  }

  @Get('deals/:id')
  get(@Param('id', ParseIntPipe) id: number) {
    return this.deals.get(id);
  }

  @Patch('deals/:id')
  @RequireRole('officer')
  update(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateDealDto) {
    return this.deals.update(actor, id, dto);
  }

  @Delete('deals/:id')
  @RequireRole('officer')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.deals.remove(actor, id);
  }

  @Post('forecasts')
  @RequireRole('officer')
  @ApiOperation({ summary: 'A run-rate: annualAmount spread evenly over the months from..to, one deal a month' })
  forecast(@CurrentActor() actor: Actor, @Body() dto: CreateForecastDto) {
    return this.deals.forecast(actor, dto);
  }
}

@ApiTags('issuance')
@ApiBearerAuth()
@Controller('api/scenarios')
export class ScenariosController {
  constructor(private readonly scenarios: ScenariosService) {}

  @Get()
  list() {
    return this.scenarios.list();
  }

  @Post()
  @RequireRole('admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateScenarioDto) {
    return this.scenarios.create(actor, dto);
  }

  @Patch(':name')
  @RequireRole('admin')
  update(@CurrentActor() actor: Actor, @Param('name') name: string, @Body() dto: UpdateScenarioDto) {
    return this.scenarios.update(actor, name, dto);
  }
}
