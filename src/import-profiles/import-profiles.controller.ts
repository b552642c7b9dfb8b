import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ApiKeyAuth, RequireRole, type Actor } from '../auth/roles.js';
import { ApiErrors } from '../common/api-errors.js';
import { ApiPage, PageQuery } from '../common/pagination.js';
import { CreateImportProfileDto, ImportProfileBodyDto, ImportProfileView } from './import-profile.dto.js';
import { ImportProfilesService } from './import-profiles.service.js';

@ApiTags('import-profiles')
@ApiKeyAuth()
@Controller('api/import-profiles')
export class ImportProfilesController {
  constructor(private readonly profiles: ImportProfilesService) {}

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: "Add a profile that reads an export as it is (a custodian's, a fund's): columns, formats, filter" })
  @ApiCreatedResponse({ type: ImportProfileView })
  @ApiErrors(400, [409, 'A profile with this name already exists'])
  create(@CurrentActor() actor: Actor, @Body() dto: CreateImportProfileDto) {
    return this.profiles.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The import profiles, by name' })
  @ApiPage(ImportProfileView)
  @ApiErrors(400)
  list(@Query() page: PageQuery) {
    return this.profiles.list(page);
  }

  @Get(':name')
  @ApiOkResponse({ type: ImportProfileView })
  @ApiErrors(404)
  get(@Param('name') name: string) {
    return this.profiles.get(name);
  }

  @Put(':name')
  @RequireRole('admin')
  @ApiOperation({ summary: "Replace a profile's content (columns, formats, filter) whole" })
  @ApiOkResponse({ type: ImportProfileView })
  @ApiErrors(400, 404)
  replace(@CurrentActor() actor: Actor, @Param('name') name: string, @Body() dto: ImportProfileBodyDto) {
    return this.profiles.replace(actor, name, dto);
  }

  @Delete(':name')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404)
  remove(@CurrentActor() actor: Actor, @Param('name') name: string) {
    return this.profiles.remove(actor, name);
  }
}
