import { createSign, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { default as ProviderClass, Adapter, AdapterPayload, KoaContextWithOIDC } from 'oidc-provider';
import { freePort } from '../../bench/support/service.js';

/** A person with an account at the provider: `groups` may change between sign-ins (a move from officers to viewers). */
export interface Account {
  password: string;
  email: string;
  name: string;
  groups: string[];
  emailVerified?: boolean;
}

export const CLIENT_ID = 'exposure-monitor';
export const CLIENT_SECRET = 'client-secret-0123456789abcdef';
export const GROUPS = { officers: 'risk-officers', viewers: 'risk-viewers' };

/** The variables the service needs to sign in through `provider`. */
export function ssoEnv(provider: IdentityProvider): Record<string, string> {
  return {
    OIDC_ISSUER_URL: provider.issuer,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_OFFICER_GROUPS: GROUPS.officers,
    OIDC_VIEWER_GROUPS: GROUPS.viewers,
  };
}

export interface ProviderOptions {
  /** Where the service wants the answers (PUBLIC_URL/api/auth/oidc/callback). */
  redirectUri: string;
  accounts: Record<string, Account>;
  /** A port to listen on (e.g. one the service was told about before the provider started); a free one otherwise. */
  port?: number;
  /** false: email, name and groups in the ID token itself; true (oidc-provider's default): in userinfo only. */
  claimsInUserinfo?: boolean;
}

/**
 * A real OpenID Connect provider (oidc-provider, OpenID Certified) in this process, on `localhost`
 * (the service is on 127.0.0.1: another site, as a company's provider is), with a login form of
 * its own and the accounts given. `tamper` rewrites the ID tokens it issues, re-signed with its own
 * key, as a compromised or misconfigured provider (or a forger holding its key) would.
 */
export class IdentityProvider {
  tamper: ((claims: Record<string, unknown>) => Record<string, unknown>) | null = null;
  /** With tamper: sign with a key of the forger's own (under the provider's key id) instead of the provider's. */
  foreignKey = false;

  private constructor(
    readonly issuer: string,
    private readonly server: Server,
    private readonly key: { privateKey: KeyObject; kid: string },
  ) {}

  static async start(options: ProviderOptions): Promise<IdentityProvider> {
    const { default: Provider } = await importQuietly();
    const port = options.port ?? (await freePort());
    const issuer = `http://localhost:${port}`;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', alg: 'RS256', use: 'sig' } as JsonWebKey & {
      kid: string;
    };
    const stores = new Map<string, Map<string, AdapterPayload>>();
    const provider = new Provider(issuer, {
      adapter: (name: string) => new MapAdapter(stores, name),
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [options.redirectUri],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: [jwk as never] },
      cookies: { keys: ['test-provider-cookie-key-0123456789'] },
      scopes: ['openid', 'email', 'profile', 'groups'],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
      conformIdTokenClaims: options.claimsInUserinfo ?? true,
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      // The service is the company's own application: no consent screen, as at a real provider's first-party app.
      loadExistingGrant: async (ctx) => {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
        grant.addOIDCScope('openid email profile groups');
        await grant.save();
        return grant;
      },
      findAccount: (_ctx, id) => {
        const account = options.accounts[id];
        if (!account) return undefined;
        return {
          accountId: id,
          claims: () => ({
            sub: id,
            email: account.email,
            email_verified: account.emailVerified ?? true,
            name: account.name,
            groups: [...account.groups],
          }),
        };
      },
    });
    provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
      await next();
      const body = ctx.body as { id_token?: string } | undefined;
      if (ctx.path === '/token' && self?.tamper && body?.id_token)
        ctx.body = { ...body, id_token: self.resign(body.id_token, self.tamper) };
    });
    const callback = provider.callback();
    const server = createServer((req, res) => void route(provider, options.accounts, req, res, callback));
    const self = new IdentityProvider(issuer, server, { privateKey, kid: jwk.kid });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return self;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The ID token with its claims changed, signed again with the provider's own key. */
  private resign(idToken: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
    const claims = change(JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString()));
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: this.key.kid, typ: 'JWT' })).toString('base64url');
    const body = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const key = this.foreignKey ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : this.key.privateKey;
    return `${body}.${createSign('RSA-SHA256').update(body).sign(key).toString('base64url')}`;
  }
}

/** The provider's own sign-in page, and everything else to oidc-provider. */
async function route(
  provider: ProviderClass,
  accounts: Record<string, Account>,
  req: IncomingMessage,
  res: ServerResponse,
  callback: (req: IncomingMessage, res: ServerResponse) => unknown,
): Promise<void> {
  const match = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url!, 'http://provider').pathname);
  if (!match) return void callback(req, res);
  try {
    await provider.interactionDetails(req, res);
    if (req.method === 'GET') return loginForm(res, match[1], null);
    const form = new URLSearchParams(await bodyOf(req));
    const login = form.get('login') ?? '';
    if (accounts[login]?.password !== form.get('password')) return loginForm(res, match[1], 'Wrong username or password.');
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  } catch (err) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`Interaction failed: ${(err as Error).message}`);
  }
}

function loginForm(res: ServerResponse, uid: string, problem: string | null): void {
  res.writeHead(problem ? 401 : 200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Insurer identity provider</title></head>
<body><main><h1>Sign in to the insurer</h1>${problem ? `<p role="alert">${problem}</p>` : ''}
<form method="post" action="/interaction/${uid}">
<label>Username <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Continue</button></form></main></body></html>`);
}

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/**
 * oidc-provider warns on import that it supports Node.js 22 and later; it runs on Node.js 20, this
 * repository's engine, and the tests prove it: that one warning is not repeated in every test's output.
 */
async function importQuietly(): Promise<typeof import('oidc-provider')> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => (String(args[0]).includes('Unsupported runtime') ? undefined : warn(...args));
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}

/** The provider's storage, in memory (its own memory adapter warns that it is for development only, which this is). */
class MapAdapter implements Adapter {
  private readonly store: Map<string, AdapterPayload>;

  constructor(stores: Map<string, Map<string, AdapterPayload>>, name: string) {
    this.store = stores.get(name) ?? new Map();
    stores.set(name, this.store);
  }

  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    this.store.set(id, payload);
  }
  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(id);
  }
  async findByUserCode(code: string): Promise<AdapterPayload | undefined> {
    return [...this.store.values()].find((p) => p.userCode === code);
  }
  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return [...this.store.values()].find((p) => p.uid === uid);
  }
  async consume(id: string): Promise<void> {
    const payload = this.store.get(id);
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string): Promise<void> {
    this.store.delete(id);
  }
  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, payload] of this.store) if (payload.grantId === grantId) this.store.delete(id);
  }
}

/**
 * What a browser does at the provider, without one: follows the provider's redirects with its
 * cookies, fills its login form, and answers where the provider sends the browser back (the
 * service's callback with `code`, `state` and `iss`), without going there.
 */
export async function signInAtProvider(authorizationUrl: string, login: string, password: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const visit = async (url: URL, init: RequestInit = {}): Promise<URL> => {
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as object), cookie } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || !location)
      throw new Error(`the provider answered ${res.status} at ${url}: ${await res.text()}`);
    return new URL(location, url);
  };
  const interaction = await visit(new URL(authorizationUrl));
  let at = await visit(interaction, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password }).toString(),
  });
  while (at.origin === interaction.origin) at = await visit(at);
  return at;
}
