import type { FederatedPerson } from '../auth/federated-sign-in.service.js';
import { ROLES, type Role } from '../auth/roles.js';
import type { OidcGroups } from '../config/app-config.js';

/** The claims of a checked ID token or of the provider's userinfo answer. */
export type Claims = Record<string, unknown>;

/**
 * The groups a claim lists: an array of names, or one name. `roles` is a claim's name; a name with
 * dots that no claim has is read as a path into nested claims (Keycloak's `realm_access.roles`).
 * Undefined when the claims do not carry it.
 */
export function groupsIn(claims: Claims, claim: string): string[] | undefined {
  const value =
    claim in claims ? claims[claim] : claim.split('.').reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), claims);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  return undefined;
}

/** The highest role any of the groups gives, or null when none of them gives one. */
export function roleOf(groups: string[], mapping: OidcGroups): Role | null {
  const held = new Set(groups);
  const roles = ROLES.filter((role) => mapping[role].some((group) => held.has(group)));
  return roles.at(-1) ?? null;
}

/** Whether the ID token lacks what a sign-in needs (email, name, groups), which the userinfo answer may then give. */
export function lacksClaims(idToken: Claims, roleClaim: string): boolean {
  return typeof idToken.email !== 'string' || typeof idToken.name !== 'string' || groupsIn(idToken, roleClaim) === undefined;
}

/**
 * The person the provider vouches for: `sub` from the ID token; email (with whether the provider
 * verified it), name and groups from the ID token, else from userinfo (whose `sub` openid-client
 * has checked is the same).
 */
export function personOf(
  issuer: string,
  idToken: Claims,
  userinfo: Claims | undefined,
  roleClaim: string,
  mapping: OidcGroups,
): FederatedPerson {
  const emailFrom = typeof idToken.email === 'string' ? idToken : typeof userinfo?.email === 'string' ? userinfo : undefined;
  const groups = groupsIn(idToken, roleClaim) ?? (userinfo && groupsIn(userinfo, roleClaim)) ?? [];
  const name = [idToken.name, userinfo?.name].find((n): n is string => typeof n === 'string' && n.trim() !== '');
  return {
    issuer,
    subject: String(idToken.sub),
    email: (emailFrom?.email as string | undefined) ?? null,
    // Some providers send the string "true".
    emailVerified: emailFrom?.email_verified === true || emailFrom?.email_verified === 'true',
    name: name ?? null,
    groups,
    role: roleOf(groups, mapping),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
