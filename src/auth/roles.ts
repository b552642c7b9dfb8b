import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.js';

export const ROLES = ['viewer', 'officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Each role includes the ones before it. */
export function roleIncludes(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

export const REQUIRED_ROLE = 'requiredRole';

/** The least role a route needs (a 403 for a key without it); routes under /api without it need `viewer`. */
export const RequireRole = (role: Role) =>
  applyDecorators(SetMetadata(REQUIRED_ROLE, role), ApiErrors([403, `The key does not have the ${role} role`]));

/**
 * For the OpenAPI document: the routes of this controller need an API key or the web page's session
 * cookie (ApiKeyGuard), a 401 without a valid one.
 */
export const ApiKeyAuth = () => applyDecorators(ApiBearerAuth(), ApiCookieAuth(), ApiErrors(401));

export const PUBLIC_ROUTE = 'publicRoute';

/** Open to callers without a key: the web page's routes and signing in. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Who is acting: written into every audit entry. */
export interface Actor {
  id: number;
  email: string;
  role: Role;
  /** The codes of the portfolios the user is limited to, or null: every portfolio (see portfolio-access.ts). */
  portfolios: string[] | null;
}

export const SYSTEM_ACTOR: Actor = { id: 0, email: 'system', role: 'admin', portfolios: null };
