import { SetMetadata } from '@nestjs/common';

export const ROLES = ['viewer', 'officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Each role includes the ones before it. */
export function roleIncludes(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

export const REQUIRED_ROLE = 'requiredRole';

/** The least role a route needs; routes under /api without it need `viewer`. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** Who is acting: written into every audit entry. */
export interface Actor {
  id: number;
  email: string;
  role: Role;
}

export const SYSTEM_ACTOR: Actor = { id: 0, email: 'system', role: 'admin' };
