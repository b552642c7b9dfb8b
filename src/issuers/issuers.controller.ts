import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ApiKeyAuth, RequireRole, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { FileUpload, Upload, type ReceivedUpload } from '../common/multipart.js';
import { ApiPage } from '../common/pagination.js';
import { HierarchyUploadService } from './hierarchy-upload.service.js';
import {
  GleifUploadView,
  HierarchyUploadView,
  IssuerDetailView,
  IssuerSearchQuery,
  IssuerView,
  SetParentDto,
  UpdateIssuerDto,
} from './issuer.dto.js';
import { IssuersService } from './issuers.service.js';
import { IdPipe } from '../common/validation.js';

@ApiTags('issuers')
@ApiKeyAuth()
@Controller('api/issuers')
export class IssuersController {
  constructor(
    private readonly issuers: IssuersService,
    private readonly hierarchy: HierarchyUploadService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Issuers by part of their name, or by exact LEI or CUSIP-6, with their family' })
  @ApiPage(IssuerView)
  @ApiErrors(400)
  search(@Query() query: IssuerSearchQuery) {
    return this.issuers.search(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: IssuerDetailView })
  @ApiErrors(400, 404)
  get(@Param('id', IdPipe) id: number) {
    return this.issuers.get(id);
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Exempt an issuer from EACH_ISSUER_FAMILY limits (the single-person rule), or count it again' })
  @ApiOkResponse({ type: IssuerDetailView })
  @ApiErrors(400, 404)
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateIssuerDto) {
    return this.issuers.update(actor, id, dto);
  }

  @Put(':id/parent')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Set (or, with null, remove) the ultimate or economic parent of an issuer' })
  @ApiOkResponse({ type: IssuerDetailView })
  @ApiErrors(400, [404, 'No such issuer, or no such parent'], [409, 'The family would loop'])
  setParent(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: SetParentDto) {
    return this.issuers.setParent(actor, id, dto);
  }

  @Post('hierarchy')
  @RequireRole('admin')
  @FileUpload()
  @ApiOperation({
    summary: 'Upload parent links: CSV child_lei|child_cusip6|child_name, parent_lei|parent_cusip6|parent_name, kind',
    description:
      "Or GLEIF's Level 2 relationship file or Level 1 LEI file (CSV, or the zip GLEIF publishes), known by its header: " +
      'kept as reference data (replacing the previous file of its kind), from which every issuer with an LEI gets its GLEIF parent',
  })
  @ApiExtraModels(HierarchyUploadView, GleifUploadView)
  @ApiCreatedResponse({
    description: 'The links of a hierarchy file, or what a GLEIF file changed',
    schema: { oneOf: [{ $ref: getSchemaPath(HierarchyUploadView) }, { $ref: getSchemaPath(GleifUploadView) }] },
  })
  uploadHierarchy(@CurrentActor() actor: Actor, @Upload() file: ReceivedUpload) {
    return this.hierarchy.upload(actor, file);
  }
}
