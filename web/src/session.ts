import { api } from './api';
import type { SessionUser } from './api-types';

/** Set beside the HttpOnly session cookie, which this script cannot see: without it nobody is signed in, and the page does not ask. */
function maybeSignedIn(): boolean {
  return document.cookie.split(';').some((pair) => pair.trim().startsWith('iem_signed_in='));
}

export async function currentUser(): Promise<SessionUser | null> {
  return maybeSignedIn() ? api<SessionUser>('/api/session').catch(() => null) : null;
}

export async function signIn(apiKey: string): Promise<SessionUser> {
  await api('/api/session', { method: 'POST', body: JSON.stringify({ apiKey }) });
  return api<SessionUser>('/api/session');
}

export function signOut(): Promise<void> {
  return api('/api/session', { method: 'DELETE' });
}

export function canAct(user: SessionUser): boolean {
  return user.role !== 'viewer';
}

/** Set by the service in the page's head when single sign-on is set up (OIDC_ISSUER_URL). */
export function singleSignOnOffered(): boolean {
  return document.querySelector('meta[name="iem-single-sign-on"]')?.getAttribute('content') === 'on';
}

/** Leaves the page for the identity provider, to come back signed in where the browser is now (a digest's breach link). */
export function signInWithSso(): void {
  location.assign(`/api/auth/oidc/login?returnTo=${encodeURIComponent(location.pathname + location.search)}`);
}
