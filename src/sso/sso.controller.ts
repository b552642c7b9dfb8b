import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FailedAuthThrottle } from '../auth/failed-auth-throttle.js';
import { Public } from '../auth/roles.js';
import { setSessionCookies } from '../auth/session-cookies.js';
import { refusalPage } from './sso-page.js';
import { SsoRefusal } from './sso-refusal.js';
import { SsoService } from './sso.service.js';

/**
 * Single sign-on's two stops of the browser (SPEC 4.1): to the provider, and back. Pages and
 * redirects for a person, not API answers: left out of the OpenAPI document, as the web page is.
 */
@ApiExcludeController()
@Public()
@Controller('api/auth/oidc')
export class SsoController {
  constructor(
    private readonly sso: SsoService,
    private readonly throttle: FailedAuthThrottle,
  ) {}

  /** `?returnTo=/breaches/12`: a path of this service to land on once signed in (else /). */
  @Get('login')
  async login(@Query('returnTo') returnTo: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      res.redirect(302, await this.sso.begin(returnTo, res));
    } catch (err) {
      await this.refuse(err, req, res);
    }
  }

  /** The provider's answer: signed in with the same session cookie as an API key's, and back to the page asked for. */
  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const { session, returnTo } = await this.sso.finish(req, res);
      setSessionCookies(res, session.token, session.expiresAt, this.sso.secure);
      res.redirect(303, returnTo);
    } catch (err) {
      await this.refuse(err, req, res);
    }
  }

  /** A page that says what happened and what to do; anything else (the database down...) goes to the error filter. */
  private async refuse(err: unknown, req: Request, res: Response): Promise<void> {
    if (!(err instanceof SsoRefusal)) throw err;
    if (err.options.forgery) this.throttle.countFailure(req);
    await this.sso.recordRefusal(err);
    res.status(err.status).type('html').send(refusalPage(err));
  }
}
