import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { FailedAuthThrottle } from './failed-auth-throttle.js';
import { ALL_PORTFOLIOS, requireAllPortfolios } from './portfolio-access.js';
import { PUBLIC_ROUTE, REQUIRED_ROLE, roleIncludes, type Actor, type Role } from './roles.js';
import { requireScriptHeader, sessionToken } from './session-cookies.js';
import { SessionsService } from './sessions.service.js';
import { UsersService } from './users.service.js';

/** Every route needs a key (or the page's session) but /health, /docs and the public ones: a new route is protected by default. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly throttle: FailedAuthThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    if (isOpen(request.path)) return true;
    this.throttle.watch(request, context.switchToHttp().getResponse<Response>());
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) {
      requireScriptHeader(request);
      return true;
    }
    const actor = await this.authenticate(request);
    if (!actor) throw new UnauthorizedException('A valid API key is required: Authorization: Bearer <api key>');
    const needed = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]) ?? 'viewer';
    if (!roleIncludes(actor.role, needed)) throw new ForbiddenException(`This needs the ${needed} role; your key has ${actor.role}`);
    if (this.reflector.getAllAndOverride<boolean>(ALL_PORTFOLIOS, [context.getHandler(), context.getClass()])) requireAllPortfolios(actor);
    request.actor = actor;
    return true;
  }

  /** The Authorization header whenever there is one, as before the web page; else the page's session cookie. */
  private async authenticate(request: Request): Promise<Actor | null> {
    if (request.headers.authorization !== undefined) return this.users.actorForKey(bearerKey(request));
    const token = sessionToken(request);
    const actor = token ? await this.sessions.actorForToken(token) : null;
    if (actor) requireScriptHeader(request);
    return actor;
  }
}

/** Express matches routes without regard to case, so the open paths are compared the same way. */
function isOpen(path: string): boolean {
  const lower = path.toLowerCase();
  return (
    lower === '/health' || lower.startsWith('/health/') || lower === '/docs' || lower.startsWith('/docs/') || lower.startsWith('/docs-json')
  );
}

function bearerKey(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}
