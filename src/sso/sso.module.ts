import { Module } from '@nestjs/common';
import { IdentityProvider } from './identity-provider.js';
import { SsoController } from './sso.controller.js';
import { SsoService } from './sso.service.js';

/** Single sign-on through the company's OpenID Connect provider (SPEC 4.1); off without OIDC_ISSUER_URL. */
@Module({ controllers: [SsoController], providers: [IdentityProvider, SsoService] })
export class SsoModule {}
