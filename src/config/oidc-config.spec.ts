import { ConfigError } from './config-errors.js';
import { loadConfig } from './app-config.js';

const SSO = {
  OIDC_ISSUER_URL: 'https://login.example.com/realms/insurer',
  OIDC_CLIENT_ID: 'exposure-monitor',
  OIDC_CLIENT_SECRET: 'a-secret',
  OIDC_OFFICER_GROUPS: 'risk-officers',
};

function message(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const text = (err as ConfigError).message;
    // one sentence on one line
    expect(text).not.toMatch(/[\r\n]/);
    expect(text).not.toMatch(/[.!?]\s+\S/);
    return text;
  }
  throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

describe('single sign-on configuration', () => {
  it('is off without OIDC_ISSUER_URL', () => {
    expect(loadConfig({}).oidc).toBeNull();
  });

  it('reads the provider, the client, the role claim (groups by default) and the groups of each role', () => {
    const config = loadConfig({ ...SSO, OIDC_ADMIN_GROUPS: ' risk-admins , it-admins,', OIDC_VIEWER_GROUPS: 'risk-viewers' }).oidc;
    expect(config).toEqual({
      issuer: 'https://login.example.com/realms/insurer',
      clientId: 'exposure-monitor',
      clientSecret: 'a-secret',
      roleClaim: 'groups',
      groups: { admin: ['risk-admins', 'it-admins'], officer: ['risk-officers'], viewer: ['risk-viewers'] },
    });
    expect(loadConfig({ ...SSO, OIDC_ROLE_CLAIM: 'roles' }).oidc?.roleClaim).toBe('roles');
  });

  it('stops on a missing client id or secret, naming the variable', () => {
    expect(message({ ...SSO, OIDC_CLIENT_ID: '' })).toBe(
      'Invalid configuration: OIDC_CLIENT_ID is required with OIDC_ISSUER_URL: set it to the client id this service was registered with at the provider',
    );
    expect(message({ ...SSO, OIDC_CLIENT_SECRET: ' ' })).toBe(
      'Invalid configuration: OIDC_CLIENT_SECRET is required with OIDC_ISSUER_URL: set it to the client secret the provider issued to this service',
    );
  });

  it('accepts http:// only on a loopback address', () => {
    for (const issuer of ['http://localhost:8080/realms/dev', 'http://127.0.0.1:4000', 'http://[::1]:4000'])
      expect(loadConfig({ ...SSO, OIDC_ISSUER_URL: issuer }).oidc?.issuer).toBe(issuer);
    expect(message({ ...SSO, OIDC_ISSUER_URL: 'http://login.example.com' })).toBe(
      'Invalid configuration: OIDC_ISSUER_URL must be an https:// URL: http:// is accepted only on localhost or 127.0.0.1 (got "http://login.example.com")',
    );
    expect(message({ ...SSO, OIDC_ISSUER_URL: 'login.example.com' })).toMatch(/^Invalid configuration: OIDC_ISSUER_URL must be/);
    expect(message({ ...SSO, OIDC_ISSUER_URL: 'ftp://login.example.com' })).toMatch(/^Invalid configuration: OIDC_ISSUER_URL must be/);
    expect(message({ ...SSO, OIDC_ISSUER_URL: 'https://login.example.com/?tenant=1' })).toMatch(/without a query/);
  });

  it('refuses a group variable that names no group, and groups that give nobody a role', () => {
    expect(message({ ...SSO, OIDC_VIEWER_GROUPS: ' , ,' })).toBe(
      'Invalid configuration: OIDC_VIEWER_GROUPS names no group (got ", ,"): give comma-separated group names, or unset it',
    );
    expect(message({ ...SSO, OIDC_OFFICER_GROUPS: '' })).toBe(
      'Invalid configuration: OIDC_ADMIN_GROUPS, OIDC_OFFICER_GROUPS and OIDC_VIEWER_GROUPS are all unset, so nobody could sign in with single sign-on: name the groups that give each role',
    );
  });

  it('refuses the client or the groups without OIDC_ISSUER_URL', () => {
    expect(message({ OIDC_CLIENT_SECRET: 'a-secret' })).toBe(
      "Invalid configuration: OIDC_ISSUER_URL is required with OIDC_CLIENT_SECRET: set it to the identity provider's issuer URL, or unset OIDC_CLIENT_SECRET",
    );
  });
});
