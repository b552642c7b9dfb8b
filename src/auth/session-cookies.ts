import { ForbiddenException } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';

/** The session token: HttpOnly, so no script of the page (nor one injected into it) can read it. */
export const SESSION_COOKIE = 'iem_session';
/** Tells the page that a session cookie exists, so that it asks who is signed in only then; not a secret. */
export const SIGNED_IN_COOKIE = 'iem_signed_in';
/** Another origin cannot send a custom header without CORS (which the service does not allow). */
export const SCRIPT_HEADER = 'X-Requested-With';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionToken(request: Request): string | null {
  return cookieValue(request, SESSION_COOKIE);
}

/** The value of the request's cookie `name`, or null. */
export function cookieValue(request: Request, name: string): string | null {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim() || null;
  }
  return null;
}

/** Against cross-site request forgery: a change made without an Authorization header must come from the page's own script. */
export function requireScriptHeader(request: Request): void {
  if (SAFE_METHODS.has(request.method) || request.header(SCRIPT_HEADER)) return;
  throw new ForbiddenException(`${SCRIPT_HEADER} is required: a change signed in by the session cookie must come from the web page`);
}

function options(secure: boolean, expires?: Date): CookieOptions {
  return { sameSite: 'strict', secure, expires };
}

/** The session cookie goes only to the API; both cookies end with the session. */
export function setSessionCookies(res: Response, token: string, expiresAt: Date, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { ...options(secure, expiresAt), httpOnly: true, path: '/api' });
  res.cookie(SIGNED_IN_COOKIE, '1', { ...options(secure, expiresAt), path: '/' });
}

export function clearSessionCookies(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { ...options(secure), httpOnly: true, path: '/api' });
  res.clearCookie(SIGNED_IN_COOKIE, { ...options(secure), path: '/' });
}
