import { Body, Controller, Get, Param, ParseIntPipe, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole, type Actor } from '../auth/roles.js';
import { MultipartUploadInterceptor, Upload, type ReceivedUpload } from '../common/multipart.js';
import { HierarchyUploadService } from './hierarchy-upload.service.js';
import { HierarchyUploadView, IssuerDetailView, IssuerSearchQuery, SetParentDto } from './issuer.dto.js';
import { IssuersService } from './issuers.service.js';

@ApiTags('issuers')
@ApiBearerAuth()
@Controller('api/issuers')
export class IssuersController {
  constructor(
    private readonly issuers: IssuersService,
    private readonly hierarchy: HierarchyUploadService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Issuers by part of their name, or by exact LEI or CUSIP-6, with their family' })
  search(@Query() query: IssuerSearchQuery) {
    return this.issuers.search(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: IssuerDetailView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.issuers.get(id);
  }

  @Put(':id/parent')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Set (or, with null, remove) the ultimate or economic parent of an issuer' })
  @ApiOkResponse({ type: IssuerDetailView })
  setParent(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: SetParentDto) {
    return this.issuers.setParent(actor, id, dto);
  }

  @Post('hierarchy')
  @RequireRole('admin')
  @UseInterceptors(MultipartUploadInterceptor)
  @ApiOperation({ summary: 'Upload parent links: CSV child_lei|child_cusip6|child_name, parent_lei|parent_cusip6|parent_name, kind' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: HierarchyUploadView })
  uploadHierarchy(@CurrentActor() actor: Actor, @Upload() file: ReceivedUpload) {
    return this.hierarchy.upload(actor, file);
  }
}
