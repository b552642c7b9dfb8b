import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.js';
import { ApiPage, PageQuery } from '../common/pagination.js';
import { CurrentActor } from './current-actor.decorator.js';
import { ApiKeyAuth, RequireRole, type Actor } from './roles.js';
import { CreateUserDto, CreatedUserView, UserView } from './user.dto.js';
import { UsersService } from './users.service.js';
import { IdPipe } from '../common/validation.js';

@ApiTags('users')
@ApiKeyAuth()
@RequireRole('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user and its API key (the key is shown only in this answer)' })
  @ApiCreatedResponse({ type: CreatedUserView })
  @ApiErrors(400, [409, 'An active user already has this email'])
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The active users, oldest first' })
  @ApiPage(UserView)
  @ApiErrors(400)
  list(@Query() page: PageQuery) {
    return this.users.list(page);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a user and its key at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(400, 404, [409, 'The last admin cannot be revoked'])
  revoke(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.users.revoke(actor, id);
  }
}
