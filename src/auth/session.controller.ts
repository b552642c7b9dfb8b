import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors, type ErrorSpec } from '../common/api-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CurrentActor } from './current-actor.decorator.js';
import { ApiKeyAuth, Public, type Actor } from './roles.js';
import { SessionView, SignInDto } from './session.dto.js';
import { SCRIPT_HEADER, SESSION_COOKIE, clearSessionCookies, sessionToken, setSessionCookies } from './session-cookies.js';
import { SESSION_HOURS, SessionsService } from './sessions.service.js';

const CROSS_SITE: ErrorSpec = [403, `Without ${SCRIPT_HEADER}: refused as a possible cross-site request`];

/** Signing in on the web page: the browser keeps an HttpOnly session cookie instead of the key. */
@ApiTags('session')
@Controller('api/session')
export class SessionController {
  constructor(
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: `Sign in with an API key: sets the ${SESSION_COOKIE} cookie (HttpOnly, SameSite=Strict, ${SESSION_HOURS} hours); needs ${SCRIPT_HEADER}`,
  })
  @ApiNoContentResponse({
    description: 'Signed in',
    headers: { 'Set-Cookie': { description: 'The session cookie', schema: { type: 'string' } } },
  })
  @ApiErrors(400, [401, 'Unknown or revoked API key'], CROSS_SITE)
  async signIn(@Body() dto: SignInDto, @Res({ passthrough: true }) res: Response): Promise<void> {
    const session = await this.sessions.signIn(dto.apiKey);
    setSessionCookies(res, session.token, session.expiresAt, this.secure());
  }

  @Get()
  @ApiKeyAuth()
  @ApiOperation({ summary: 'Who is signed in (by the session cookie or the API key)' })
  @ApiOkResponse({ type: SessionView })
  whoAmI(@CurrentActor() actor: Actor): SessionView {
    return { email: actor.email, role: actor.role, portfolios: actor.portfolios };
  }

  @Delete()
  @ApiKeyAuth()
  @HttpCode(204)
  @ApiOperation({ summary: `Sign out: ends the session and clears its cookie; with the cookie, needs ${SCRIPT_HEADER}` })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiErrors(CROSS_SITE)
  async signOut(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = sessionToken(req);
    if (token) await this.sessions.signOut(actor, token);
    clearSessionCookies(res, this.secure());
  }

  /** Served over https, the cookies are never sent over plain http. */
  private secure(): boolean {
    return this.config.publicUrl.startsWith('https:');
  }
}
