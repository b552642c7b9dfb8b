import { ConfigError } from './config-errors.js';

/** The groups that give each role (SPEC 4.1): a person in several gets the highest. */
export interface OidcGroups {
  admin: string[];
  officer: string[];
  viewer: string[];
}

/** Single sign-on through an OpenID Connect provider: OIDC_ISSUER_URL and the variables that go with it. */
export interface OidcConfig {
  /** The provider's issuer identifier, as written in OIDC_ISSUER_URL. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The ID token or userinfo claim that lists the person's groups. */
  roleClaim: string;
  groups: OidcGroups;
}

type Env = Record<string, string | undefined>;

const GROUP_VARIABLES = { admin: 'OIDC_ADMIN_GROUPS', officer: 'OIDC_OFFICER_GROUPS', viewer: 'OIDC_VIEWER_GROUPS' } as const;
const COMPANIONS = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_CLAIM', ...Object.values(GROUP_VARIABLES)];

/** Null without OIDC_ISSUER_URL (API keys only); else every variable checked, each problem named by its variable. */
export function oidcConfig(env: Env): OidcConfig | null {
  const issuer = text(env, 'OIDC_ISSUER_URL');
  if (issuer === undefined) {
    const stray = COMPANIONS.find((name) => text(env, name) !== undefined);
    if (stray)
      throw new ConfigError(
        'OIDC_ISSUER_URL',
        `is required with ${stray}: set it to the identity provider's issuer URL, or unset ${stray}`,
      );
    return null;
  }
  const config = {
    issuer: issuerUrl(issuer),
    clientId: required(env, 'OIDC_CLIENT_ID', 'the client id this service was registered with at the provider'),
    clientSecret: required(env, 'OIDC_CLIENT_SECRET', 'the client secret the provider issued to this service'),
    roleClaim: text(env, 'OIDC_ROLE_CLAIM') ?? 'groups',
    groups: {
      admin: groupList(env, GROUP_VARIABLES.admin),
      officer: groupList(env, GROUP_VARIABLES.officer),
      viewer: groupList(env, GROUP_VARIABLES.viewer),
    },
  };
  if (Object.values(config.groups).every((groups) => groups.length === 0)) {
    throw new ConfigError(
      'OIDC_ADMIN_GROUPS, OIDC_OFFICER_GROUPS and OIDC_VIEWER_GROUPS',
      'are all unset, so nobody could sign in with single sign-on: name the groups that give each role',
    );
  }
  return config;
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function required(env: Env, name: string, what: string): string {
  const value = text(env, name);
  if (value === undefined) throw new ConfigError(name, `is required with OIDC_ISSUER_URL: set it to ${what}`);
  return value;
}

/** https://, or http:// on a loopback address only (a local Keycloak, tests): tokens never cross a network in clear. */
function issuerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('OIDC_ISSUER_URL', `must be the provider's https:// issuer URL (got "${value}")`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new ConfigError(
      'OIDC_ISSUER_URL',
      `must be an https:// URL: http:// is accepted only on localhost or 127.0.0.1 (got "${value}")`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError('OIDC_ISSUER_URL', `must be the provider's https:// issuer URL (got "${value}")`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError(
      'OIDC_ISSUER_URL',
      `must be the issuer URL alone, without a query, fragment or credentials (got "${url.origin}${url.pathname}...")`,
    );
  }
  return value;
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Comma-separated group names; a variable that is set must name at least one. */
function groupList(env: Env, name: string): string[] {
  const value = text(env, name);
  if (value === undefined) return [];
  const groups = [...new Set(value.split(',').map((group) => group.trim()))].filter((group) => group !== '');
  if (groups.length === 0) throw new ConfigError(name, `names no group (got "${value}"): give comma-separated group names, or unset it`);
  return groups;
}
