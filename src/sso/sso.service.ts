import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import * as client from 'openid-client';
import { AuditTrail } from '../auth/audit-trail.js';
import { FederatedSignIn } from '../auth/federated-sign-in.service.js';
import type { Actor } from '../auth/roles.js';
import type { NewSession } from '../auth/sessions.service.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig, type OidcConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { personOf } from './identity-claims.js';
import { IdentityProvider } from './identity-provider.js';
import { returnPath } from './return-to.js';
import { FlowSeal } from './sign-in-flow.js';
import { flowProblem, foreignReturnTo, notConfigured, personRefusal, refusedAnswer, SsoRefusal, unreachable } from './sso-refusal.js';

/** Who the audit log names for a refusal before anybody is known. */
const NOBODY: Actor = { id: 0, email: 'anonymous', role: 'viewer', portfolios: [] };

export interface FinishedSignIn {
  session: NewSession;
  returnTo: string;
}

/**
 * Single sign-on (SPEC 4.1): `begin` sends the browser to the provider, `finish` takes its answer
 * back, has openid-client check it, and signs the person in as the user of its identity with the
 * role of its groups. Every refusal is an SsoRefusal, audited.
 */
@Injectable()
export class SsoService {
  private readonly logger = new Logger('SingleSignOn');
  private readonly oidc: OidcConfig | null;
  private readonly seal: FlowSeal | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly provider: IdentityProvider,
    private readonly people: FederatedSignIn,
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {
    this.oidc = config.oidc;
    this.seal = config.oidc ? new FlowSeal(config.oidc.clientSecret) : null;
  }

  /** Served over https, the cookies are never sent over plain http. */
  get secure(): boolean {
    return this.config.publicUrl.startsWith('https:');
  }

  /** The provider's URL to send the browser to, with the flow kept in the browser's cookie. */
  async begin(returnTo: unknown, res: Response): Promise<string> {
    const { oidc, seal } = this.configured();
    const path = returnPath(returnTo, this.config.publicUrl);
    if (path === null) throw foreignReturnTo(returnTo);
    const config = await this.provider.configuration();
    if (!config) throw unreachable(oidc.issuer);
    const request = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const url = await this.provider.authorizationUrl(config, request);
    seal.set(res, { ...request, returnTo: path, startedAt: this.clock.now().getTime() }, this.secure);
    return url.href;
  }

  /** The provider's answer checked, the person signed in; an SsoRefusal otherwise. */
  async finish(req: Request, res: Response): Promise<FinishedSignIn> {
    const { oidc, seal } = this.configured();
    const opened = seal.take(req, res, this.secure, this.clock.now().getTime());
    if ('problem' in opened) throw flowProblem(opened.problem);
    const { flow } = opened;
    // Checked when the sign-in began; checked again, should the cookie's key ever leak.
    const returnTo = returnPath(flow.returnTo, this.config.publicUrl);
    if (returnTo === null) throw foreignReturnTo(flow.returnTo);
    const config = await this.provider.configuration();
    if (!config) throw unreachable(oidc.issuer);
    const query = new URL(req.originalUrl, 'http://callback').search;
    const answer = await this.provider.redeem(config, query, flow).catch((err: unknown) => {
      throw refusedAnswer(err, oidc.issuer, oidc.clientId);
    });
    const person = personOf(oidc.issuer, answer.idToken, answer.userinfo, oidc.roleClaim, oidc.groups);
    const outcome = await this.people.signIn(person);
    if (!outcome.signedIn) throw personRefusal(outcome.refusal, person, oidc.groups);
    this.logger.log(`User ${outcome.actor.id} signed in by single sign-on as ${outcome.actor.role}`);
    return { session: outcome.session, returnTo };
  }

  /** Refusals of the protocol (forged, replayed, expired...) in the audit log; the person's own refusals are there already. */
  async recordRefusal(refusal: SsoRefusal): Promise<void> {
    if (refusal.options.audited || refusal.options.outage || refusal.reason === 'not_configured') return;
    this.logger.warn(`Single sign-on refused (${refusal.reason}): ${refusal.options.detail ?? refusal.message}`);
    await this.db.transaction((tx) =>
      this.audit.record(tx, NOBODY, {
        action: 'sso.refuse',
        entity: 'sso',
        entityId: refusal.reason,
        after: {
          reason: refusal.reason,
          message: refusal.paragraphs[0],
          ...(refusal.options.detail && { detail: refusal.options.detail }),
        },
      }),
    );
  }

  private configured(): { oidc: OidcConfig; seal: FlowSeal } {
    if (!this.oidc || !this.seal) throw notConfigured();
    return { oidc: this.oidc, seal: this.seal };
  }
}
