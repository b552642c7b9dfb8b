import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.js';
import { ApiPage, PageQuery } from '../common/pagination.js';
import { CurrentActor } from './current-actor.decorator.js';
import { RequireAllPortfolios } from './portfolio-access.js';
import { ApiKeyAuth, RequireRole, type Actor } from './roles.js';
import { CreateUserDto, CreatedUserView, RotateKeyDto, UpdateUserDto, UserView } from './user.dto.js';
import { UsersService } from './users.service.js';
import { IdPipe } from '../common/validation.js';

const LAST_ADMIN = 'The last admin of every portfolio cannot be revoked, demoted or limited to some portfolios';

@ApiTags('users')
@ApiKeyAuth()
@RequireRole('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequireAllPortfolios()
  @ApiOperation({ summary: 'Create a user and its API key (the key is shown only in this answer)' })
  @ApiCreatedResponse({ type: CreatedUserView })
  @ApiErrors(400, [409, 'An active user already has this email'])
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get()
  @RequireAllPortfolios()
  @ApiOperation({ summary: 'The active users, oldest first' })
  @ApiPage(UserView)
  @ApiErrors(400)
  list(@Query() page: PageQuery) {
    return this.users.list(page);
  }

  @Patch(':id')
  @RequireAllPortfolios()
  @ApiOperation({ summary: "Change a user's name, role or portfolios (null: every portfolio); audited with before and after" })
  @ApiOkResponse({ type: UserView })
  @ApiErrors(400, 404, [409, LAST_ADMIN])
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }

  @Post(':id/key')
  @RequireRole('viewer')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'A new API key for the user, shown only in this answer: the old key and its sessions stop at once (an admin, or the user for itself)',
  })
  @ApiCreatedResponse({ type: CreatedUserView })
  @ApiErrors(400, [403, "Another user's key, and the caller is not an admin of every portfolio"], 404)
  rotateKey(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: RotateKeyDto) {
    return this.users.rotateKey(actor, id, dto.reason ?? null);
  }

  @Delete(':id')
  @RequireAllPortfolios()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a user and its key at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(400, 404, [409, LAST_ADMIN])
  revoke(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.users.revoke(actor, id);
  }
}
