import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { cookieValue } from '../auth/session-cookies.js';

/**
 * A sign-in on its way through the provider: what the callback must check the answer against
 * (state, nonce), the PKCE verifier, and where to land. The browser keeps it in a cookie of its
 * own, so that the answer is bound to the browser that started the sign-in and any replica can
 * finish it.
 */
export interface SignInFlow {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
}

/**
 * HttpOnly, sent only to the callback, and `SameSite=Lax`: the provider is another site, and the
 * browser's return from it is a top-level GET, which carries Lax cookies but not Strict ones.
 */
export const FLOW_COOKIE = 'iem_sso_flow';
export const CALLBACK_PATH = '/api/auth/oidc/callback';
/** Long enough to type a password and answer a second factor. */
export const FLOW_MINUTES = 10;

export type OpenedFlow = { flow: SignInFlow } | { problem: 'missing' | 'forged' | 'expired' };

/** Seals the flow with a MAC keyed from the client secret (which every replica has), so that nobody can plant one of their own. */
export class FlowSeal {
  private readonly key: Buffer;

  constructor(clientSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', clientSecret, 'issuer-exposure-monitor', 'single sign-on flow cookie', 32));
  }

  set(res: Response, flow: SignInFlow, secure: boolean): void {
    const payload = Buffer.from(JSON.stringify(flow)).toString('base64url');
    res.cookie(FLOW_COOKIE, `${payload}.${this.mac(payload)}`, { ...options(secure), maxAge: FLOW_MINUTES * 60_000 });
  }

  /** The flow the request's cookie holds, checked; the cookie itself is cleared, so that it is used once. */
  take(req: Request, res: Response, secure: boolean, now: number): OpenedFlow {
    const value = cookieValue(req, FLOW_COOKIE);
    if (value === null) return { problem: 'missing' };
    res.clearCookie(FLOW_COOKIE, options(secure));
    const [payload, mac] = value.split('.');
    if (!payload || !mac || !this.sameMac(mac, this.mac(payload))) return { problem: 'forged' };
    const flow = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SignInFlow;
    if (!(now - flow.startedAt >= 0 && now - flow.startedAt <= FLOW_MINUTES * 60_000)) return { problem: 'expired' };
    return { flow };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  private sameMac(a: string, b: string): boolean {
    return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  }
}

function options(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: CALLBACK_PATH };
}
