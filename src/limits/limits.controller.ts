import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole, type Actor } from '../auth/roles.js';
import { CreateLimitDto, LimitQuery, UpdateLimitDto } from './limit.dto.js';
import { LimitsService } from './limits.service.js';

@ApiTags('limits')
@ApiBearerAuth()
@Controller('api/limits')
export class LimitsController {
  constructor(private readonly limits: LimitsService) {}

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Create a limit (version 1)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateLimitDto) {
    return this.limits.create(actor, dto);
  }

  @Get()
  list(@Query() query: LimitQuery) {
    return this.limits.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A limit, its current version and the versions before it' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.limits.get(id);
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change a limit: adds a version, the old one is kept' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateLimitDto) {
    return this.limits.update(actor, id, dto);
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.limits.remove(actor, id);
  }
}
