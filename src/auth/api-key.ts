import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, shown once; only the hash is stored. */
export function newApiKey(): string {
  return `iem_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
