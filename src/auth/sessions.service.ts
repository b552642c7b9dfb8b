import { Injectable, UnauthorizedException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AuditTrail } from './audit-trail.js';
import { Database } from '../database/database.js';
import { hashSecret, newSessionToken } from './api-key.js';
import type { Actor } from './roles.js';
import { SessionsRepository } from './sessions.repository.js';
import { UsersService } from './users.service.js';

/** A working day: after it, the page asks for the key again. */
export const SESSION_HOURS = 12;

export interface NewSession {
  token: string;
  expiresAt: Date;
}

/** Sessions of the web page: a random token in an HttpOnly cookie stands for an API key until it expires or is signed out. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly db: Database,
    private readonly sessions: SessionsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** A session for the holder of the key (401 for an unknown or revoked one), audited; expired sessions are removed on the way. */
  async signIn(apiKey: string): Promise<NewSession> {
    const actor = await this.users.actorForKey(apiKey);
    if (!actor) throw new UnauthorizedException('Unknown or revoked API key');
    return this.db.transaction((tx) => this.open(tx, actor, 'session.create'));
  }

  /**
   * A session for a user the caller has identified (by its key, or by single sign-on), in the
   * caller's transaction, audited as `action` with `details`.
   */
  async open(tx: EntityManager, actor: Actor, action: string, details: object = {}): Promise<NewSession> {
    const token = newSessionToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    await this.sessions.removeExpired(tx, now.toISOString());
    const session = await this.sessions.save(tx, {
      tokenHash: hashSecret(token),
      userId: actor.id,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    await this.audit.record(tx, actor, { action, entity: 'session', entityId: session.id, after: { expiresAt, ...details } });
    return { token, expiresAt };
  }

  /** Who a session cookie stands for: null once it has expired or been signed out, or its user revoked. */
  async actorForToken(token: string): Promise<Actor | null> {
    const session = await this.sessions.live(hashSecret(token), this.clock.nowIso());
    return session ? this.users.actorForUser(session.userId) : null;
  }

  async signOut(actor: Actor, token: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const session = await this.sessions.ofUser(tx, hashSecret(token), actor.id);
      if (!session) return;
      await this.sessions.delete(tx, { id: session.id });
      await this.audit.record(tx, actor, { action: 'session.delete', entity: 'session', entityId: session.id });
    });
  }
}
