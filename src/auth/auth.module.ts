import { Global, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { UserEntity } from './user.entity.js';
import { SessionEntity } from './session.entity.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard.js';
import { FailedAuthThrottle } from './failed-auth-throttle.js';
import { FederatedSignIn } from './federated-sign-in.service.js';
import { PortfolioAccess } from './portfolio-access.js';
import { SessionController } from './session.controller.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';
import { ViewerAddressesInterceptor } from './viewer-addresses.js';

@Global()
@Module({
  imports: [DatabaseModule.forFeature([UserEntity, SessionEntity])],
  controllers: [UsersController, SessionController],
  providers: [
    UsersService,
    UsersRepository,
    SessionsService,
    SessionsRepository,
    FailedAuthThrottle,
    FederatedSignIn,
    PortfolioAccess,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_INTERCEPTOR, useClass: ViewerAddressesInterceptor },
  ],
  exports: [UsersService, PortfolioAccess, FederatedSignIn, FailedAuthThrottle],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.users.bootstrapAdmin(this.config.adminApiKey);
  }
}
