import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, shown once; only the hash is stored. */
export function newApiKey(): string {
  return `iem_${randomBytes(32).toString('base64url')}`;
}

/** 32 random bytes in the session cookie; only the hash is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** API keys and session tokens are 32 random bytes, so a fast hash is enough to keep them secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
