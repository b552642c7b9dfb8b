import { AuthorizationResponseError, ResponseBodyError } from 'openid-client';
import type { FederatedPerson, FederatedRefusal } from '../auth/federated-sign-in.service.js';
import { ROLES } from '../auth/roles.js';
import type { OidcGroups } from '../config/app-config.js';
import { FLOW_MINUTES } from './sign-in-flow.js';

/**
 * A single sign-on that does not sign anybody in, as the person reads it on its page: the status,
 * a title, what happened and what to do. `reason` is the audit log's word for it; `forgery` marks
 * the answers a forger or a replay would give, which count as failed authentications; `audited`,
 * a refusal already in the audit log; `outage`, the provider unreachable, which its own log line
 * says (no refusal of anybody).
 */
export class SsoRefusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly title: string,
    readonly paragraphs: string[],
    readonly options: { list?: string[]; forgery?: boolean; detail?: string; audited?: boolean; outage?: boolean } = {},
  ) {
    super(`${title}: ${paragraphs[0]}`);
  }
}

const AGAIN = 'Nothing was signed in. Start again from the sign-in page.';

export function notConfigured(): SsoRefusal {
  return new SsoRefusal(404, 'not_configured', 'Single sign-on is not set up', [
    'This service does not sign in through an identity provider: sign in with your API key.',
  ]);
}

export function foreignReturnTo(value: unknown): SsoRefusal {
  const shown = typeof value === 'string' ? `"${value.slice(0, 200)}"` : 'given more than once';
  return new SsoRefusal(
    400,
    'foreign_return_to',
    'This sign-in cannot go on',
    [
      `The page to return to after sign-in (${shown}) is not a page of this service, and the service only ever sends you back to its own pages.`,
      AGAIN,
    ],
    { forgery: true },
  );
}

export function unreachable(issuer: string): SsoRefusal {
  return new SsoRefusal(
    503,
    'provider_unreachable',
    'The identity provider cannot be reached',
    [
      `The service cannot reach the identity provider at ${issuer} just now, so single sign-on is not available.`,
      'Try again in a few minutes, or sign in with an API key. If this lasts, tell the service desk.',
    ],
    { outage: true },
  );
}

const FLOW_PROBLEMS = {
  missing: `This browser holds no sign-in waiting for this answer: it was started in another browser, more than ${FLOW_MINUTES} minutes ago, or has already been finished.`,
  forged: 'The sign-in this browser kept has been altered, so the answer cannot be checked against it.',
  expired: `The sign-in was started more than ${FLOW_MINUTES} minutes ago.`,
} as const;

export function flowProblem(problem: keyof typeof FLOW_PROBLEMS): SsoRefusal {
  return new SsoRefusal(400, `flow_${problem}`, 'This sign-in cannot be finished', [FLOW_PROBLEMS[problem], AGAIN], { forgery: true });
}

/** The provider's answer or token failed a check of openid-client (or the provider answered an error): which check, in words. */
export function refusedAnswer(err: unknown, issuer: string, clientId: string): SsoRefusal {
  const detail = errorText(err);
  const refuse = (reason: string, text: string, status = 400) =>
    new SsoRefusal(status, reason, 'Sign-in refused', [text, AGAIN], { forgery: status === 400, detail });
  if (err instanceof AuthorizationResponseError) {
    const said = [err.error, err.error_description].filter(Boolean).join(': ');
    return refuse('provider_error', `The identity provider did not sign you in (${said}).`, 403);
  }
  if (err instanceof ResponseBodyError && err.error === 'invalid_grant')
    return refuse(
      'invalid_grant',
      'The identity provider refused the sign-in code: it has already been used, has expired, or belongs to another sign-in.',
    );
  if (/"state"/.test(detail))
    return refuse(
      'wrong_state',
      'The answer from the identity provider does not belong to the sign-in this browser started (its state differs).',
    );
  if (/"iss"/.test(detail))
    return refuse('wrong_issuer', `The ID token was not issued by the identity provider this service trusts (${issuer}).`);
  if (/"aud"|"azp"/.test(detail))
    return refuse('wrong_audience', `The ID token was issued to another application, not to this service (client ${clientId}).`);
  if (/"nonce"/.test(detail)) return refuse('wrong_nonce', 'The ID token does not belong to this sign-in (its nonce differs).');
  if (/OAUTH_JWT_TIMESTAMP_CHECK_FAILED/.test(detail))
    return refuse(
      'expired_token',
      'The ID token has expired or is not valid yet. If this happens again, the clock of this service or of the provider is wrong.',
    );
  if (/signature|OAUTH_KEY_SELECTION_FAILED/.test(detail))
    return refuse('bad_signature', "The ID token's signature does not match the identity provider's keys.");
  if (isUnreachable(err))
    return refuse(
      'provider_unreachable',
      `The identity provider at ${issuer} cannot be reached to finish the sign-in. Try again in a few minutes.`,
      502,
    );
  return refuse('unchecked_answer', "The identity provider's answer could not be checked, so it was not trusted.");
}

/** A network failure (refused, reset, timed out, name unknown), as opposed to an answer that failed a check. */
export function isUnreachable(err: unknown): boolean {
  const text = errorText(err);
  return /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|timed out|aborted|socket/i.test(text);
}

/** The error and its causes in one line, for the log and the audit entry. */
export function errorText(err: unknown): string {
  const parts: string[] = [];
  for (let at: unknown = err, depth = 0; at instanceof Error && depth < 4; at = at.cause, depth++) {
    const code = (at as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${at.message} (${code})` : at.message);
  }
  return parts.join(': ') || String(err);
}

/** The person is known to the provider, but not let in here. */
export function personRefusal(refusal: FederatedRefusal, person: FederatedPerson, groups: OidcGroups): SsoRefusal {
  const who = person.email ?? `the account ${person.subject}`;
  switch (refusal) {
    case 'no_group':
      return new SsoRefusal(
        403,
        'no_group',
        'No access to the exposure monitor',
        [
          `You signed in as ${who}, but none of your groups at the identity provider gives access to this service. These groups do:`,
          'Ask your service desk to add you to the one your work needs, then sign in again.',
        ],
        { list: ROLES.flatMap((role) => groups[role].map((group) => `${group}: ${role}`)).reverse(), audited: true },
      );
    case 'revoked':
      return new SsoRefusal(
        403,
        'revoked',
        'Access revoked',
        [`An administrator of this service revoked the access of ${who}. Ask an administrator if you need it again.`],
        { audited: true },
      );
    case 'no_email':
      return new SsoRefusal(
        403,
        'no_email',
        'No email address from the identity provider',
        [
          `The identity provider did not give an email address for ${who}, and this service names its users by email.`,
          'Ask your service desk to release the email claim to this service.',
        ],
        { audited: true },
      );
    case 'email_taken':
      return new SsoRefusal(
        409,
        'email_taken',
        'This email belongs to another user',
        [
          `A user of this service already has the email ${who}, and it cannot become yours: the identity provider does not say that the address is verified, or that user signs in as another person of the provider.`,
          'Ask an administrator to revoke that user, or to have your provider verify your email, then sign in again.',
        ],
        { audited: true },
      );
  }
}
