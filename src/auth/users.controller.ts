import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../common/pagination.js';
import { CurrentActor } from './current-actor.decorator.js';
import { RequireRole, type Actor } from './roles.js';
import { CreateUserDto, CreatedUserView } from './user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user and its API key (the key is shown only in this answer)' })
  @ApiCreatedResponse({ type: CreatedUserView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get()
  list(@Query() page: PageQuery) {
    return this.users.list(page);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a user and its key at once' })
  revoke(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.users.revoke(actor, id);
  }
}
