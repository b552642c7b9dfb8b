import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { REQUIRED_ROLE, roleIncludes, type Actor, type Role } from './roles.js';
import { UsersService } from './users.service.js';

/** Routes under /api and /metrics need a key; /health, /docs and the web page are open. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    if (!isProtected(request.path)) return true;
    const actor = await this.users.actorForKey(bearerKey(request));
    if (!actor) throw new UnauthorizedException('A valid API key is required: Authorization: Bearer <api key>');
    const needed = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]) ?? 'viewer';
    if (!roleIncludes(actor.role, needed)) throw new ForbiddenException(`This needs the ${needed} role; your key has ${actor.role}`);
    request.actor = actor;
    return true;
  }
}

function isProtected(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path === '/metrics';
}

function bearerKey(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}
