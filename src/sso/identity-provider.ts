import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import * as client from 'openid-client';
import { APP_CONFIG, type AppConfig, type OidcConfig } from '../config/app-config.js';
import { lacksClaims, type Claims } from './identity-claims.js';
import { errorText } from './sso-refusal.js';
import { CALLBACK_PATH } from './sign-in-flow.js';

/** Seconds any request to the provider may take. */
const TIMEOUT_S = 10;
/** While the provider cannot be reached, discovery is tried again when asked, at most this often. */
const RETRY_MS = 2_000;
const SCOPES = ['openid', 'email', 'profile'];

export interface AuthorizationRequest {
  state: string;
  nonce: string;
  verifier: string;
}

/** What a checked answer of the provider says about the person: the ID token's claims and, when they lack some, userinfo's. */
export interface CheckedAnswer {
  idToken: Claims;
  userinfo: Claims | undefined;
}

/**
 * The OpenID Connect provider, through openid-client (a certified relying party): its metadata
 * discovered from OIDC_ISSUER_URL, the client authenticated with client_secret_basic, and every
 * check of the answer (state, PKCE, the ID token's signature by the provider's JWKS, issuer,
 * audience, expiry, nonce) made by openid-client. A provider that cannot be reached at start-up
 * stops nothing: discovery is tried again at the next sign-in.
 */
@Injectable()
export class IdentityProvider implements OnApplicationBootstrap {
  private readonly logger = new Logger('SingleSignOn');
  private readonly oidc: OidcConfig | null;
  private discovered: client.Configuration | null = null;
  private attempt: Promise<client.Configuration | null> | null = null;
  private lastAttempt = 0;
  private reachable = true;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.oidc = config.oidc;
  }

  /** Discovery starts with the service but is not waited for: the service listens whether or not the provider answers. */
  onApplicationBootstrap(): void {
    if (this.oidc) void this.configuration();
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}${CALLBACK_PATH}`;
  }

  /** The provider's configuration, discovered now if it could not be before; null while it cannot be reached. */
  configuration(): Promise<client.Configuration | null> {
    if (this.discovered) return Promise.resolve(this.discovered);
    if (!this.attempt && Date.now() - this.lastAttempt >= RETRY_MS) {
      this.lastAttempt = Date.now();
      this.attempt = this.discover().finally(() => (this.attempt = null));
    }
    return this.attempt ?? Promise.resolve(null);
  }

  /** The provider's authorization URL for a new sign-in: code flow, PKCE S256, state, nonce. */
  async authorizationUrl(config: client.Configuration, request: AuthorizationRequest): Promise<URL> {
    return client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.scopes(config).join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(request.verifier),
      code_challenge_method: 'S256',
      state: request.state,
      nonce: request.nonce,
    });
  }

  /** Redeems the code of the provider's answer (`query`, the callback's) and checks everything; throws what openid-client throws. */
  async redeem(config: client.Configuration, query: string, request: AuthorizationRequest): Promise<CheckedAnswer> {
    const current = new URL(this.redirectUri);
    current.search = query;
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims() as Claims;
    const wantsUserinfo = lacksClaims(idToken, this.oidc!.roleClaim) && config.serverMetadata().userinfo_endpoint !== undefined;
    const userinfo = wantsUserinfo ? await client.fetchUserInfo(config, tokens.access_token, String(idToken.sub)) : undefined;
    return { idToken, userinfo: userinfo as Claims | undefined };
  }

  /** openid email profile, and the role claim's own scope where the provider offers one (Okta's `groups`). */
  private scopes(config: client.Configuration): string[] {
    const offered = config.serverMetadata().scopes_supported ?? [];
    const roleScope = this.oidc!.roleClaim;
    return offered.includes(roleScope) && !SCOPES.includes(roleScope) ? [...SCOPES, roleScope] : SCOPES;
  }

  private async discover(): Promise<client.Configuration | null> {
    const oidc = this.oidc!;
    try {
      const insecure = new URL(oidc.issuer).protocol === 'http:';
      this.discovered = await client.discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        undefined,
        client.ClientSecretBasic(oidc.clientSecret),
        {
          timeout: TIMEOUT_S,
          // The ID token comes straight from the token endpoint, where openid-client would trust TLS alone:
          // its signature is checked against the provider's JWKS all the same (SPEC 4.1).
          execute: insecure ? [client.enableNonRepudiationChecks, client.allowInsecureRequests] : [client.enableNonRepudiationChecks],
        },
      );
      if (!this.reachable) this.logger.log(`The identity provider ${oidc.issuer} answers again: single sign-on is available`);
      this.reachable = true;
      return this.discovered;
    } catch (err) {
      // One line when it goes down, none for each later try.
      if (this.reachable)
        this.logger.warn(
          `The identity provider ${oidc.issuer} cannot be reached or answers no valid OpenID Connect metadata (${errorText(err)}): API keys work, and single sign-on is tried again at the next sign-in`,
        );
      this.reachable = false;
      return null;
    }
  }
}
