import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppLock, Database } from '../database/database.js';
import { hashSecret, newApiKey } from './api-key.js';
import { AuditTrail } from './audit-trail.js';
import type { Actor, Role } from './roles.js';
import { SessionsService, type NewSession } from './sessions.service.js';
import { toUserView } from './user.dto.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

/** A person as the identity provider vouched for them, with the role their groups give (null: none). */
export interface FederatedPerson {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  groups: string[];
  role: Role | null;
}

/** Why a person the provider vouched for is not let in. */
export type FederatedRefusal = 'no_group' | 'revoked' | 'no_email' | 'email_taken';

export type FederatedOutcome = { signedIn: true; session: NewSession; actor: Actor } | { signedIn: false; refusal: FederatedRefusal };

const EMAIL_MAX = 254;
const NAME_MAX = 200;

/**
 * Single sign-on's side of the users (SPEC 4.1): the person is the user of the provider's issuer and
 * `sub`; the first time, the user of the same verified email. Created or updated with the role its
 * groups give at every sign-in; a user an admin revoked stays revoked. Under the users lock, with
 * the session and the audit entries in one transaction.
 */
@Injectable()
export class FederatedSignIn {
  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  signIn(person: FederatedPerson): Promise<FederatedOutcome> {
    return this.db.transaction(async (tx) => {
      await this.db.lockWithin(tx, AppLock.Users);
      const email = person.email?.trim().toLowerCase() || null;
      const found = await this.match(tx, person, email);
      const refusal = this.refusal(person, email, found);
      if (refusal) {
        await this.refuse(tx, person, email, found.user, refusal);
        return { signedIn: false, refusal };
      }
      const user = found.user ? await this.update(tx, found.user, person, email!) : await this.create(tx, person, email!, person.role!);
      const actor: Actor = { id: user.id, email: user.email, role: user.role, portfolios: user.portfolios };
      const session = await this.sessions.open(tx, actor, 'sso.sign_in', {
        issuer: person.issuer,
        subject: person.subject,
        groups: person.groups,
        role: user.role,
      });
      return { signedIn: true, session, actor };
    });
  }

  /**
   * The active user of this identity; else, with a verified email, the active user of that email not
   * tied to another identity of this issuer. `revoked`: an admin revoked this identity's user (or, with a
   * verified email, the key user of that email) and none is active. `taken`: the email is another
   * active user's.
   */
  private async match(
    tx: EntityManager,
    person: FederatedPerson,
    email: string | null,
  ): Promise<{ user: UserEntity | null; revoked: boolean; taken: boolean }> {
    const linked = await this.users.withIdentity(tx, person.issuer, person.subject);
    const active = linked.find((u) => u.revokedAt === null);
    if (active) return { user: active, revoked: false, taken: false };
    const sameEmail = email ? await this.users.active({ email }, tx) : null;
    // Tied to nobody, or to a provider this service no longer trusts (a move to another provider).
    const free = sameEmail !== null && (sameEmail.oidcSubject === null || sameEmail.oidcIssuer !== person.issuer);
    if (person.emailVerified && free) return { user: sameEmail, revoked: false, taken: false };
    const revoked = linked.length > 0 || (person.emailVerified && email !== null && (await this.users.revokedKeyUser(tx, email)));
    return { user: null, revoked, taken: sameEmail !== null };
  }

  private refusal(
    person: FederatedPerson,
    email: string | null,
    found: { user: UserEntity | null; revoked: boolean; taken: boolean },
  ): FederatedRefusal | null {
    if (found.revoked) return 'revoked';
    if (person.role === null) return 'no_group';
    if (found.user) return null;
    if (email === null || email.length > EMAIL_MAX) return 'no_email';
    return found.taken ? 'email_taken' : null;
  }

  /** A new user (its API key is random and never shown: the person signs in by the provider; an admin may give one later). */
  private async create(tx: EntityManager, person: FederatedPerson, email: string, role: Role): Promise<UserEntity> {
    const user = await this.users.save(tx, {
      email,
      name: nameOf(person, email),
      role,
      portfolios: null,
      keyHash: hashSecret(newApiKey()),
      createdAt: this.clock.nowIso(),
      revokedAt: null,
      oidcIssuer: person.issuer,
      oidcSubject: person.subject,
    });
    const actor = { id: user.id, email, role, portfolios: null };
    await this.audit.record(tx, actor, {
      action: 'user.create',
      entity: 'user',
      entityId: user.id,
      after: { ...toUserView(user), ...via(person) },
    });
    return user;
  }

  /** The role of the groups, the provider's name and email (while no other active user has it), the identity tied on. */
  private async update(tx: EntityManager, user: UserEntity, person: FederatedPerson, email: string | null): Promise<UserEntity> {
    const emailFree = email !== null && email !== user.email && email.length <= EMAIL_MAX && !(await this.users.active({ email }, tx));
    const changes: Partial<UserEntity> = {
      role: person.role!,
      name: nameOf(person, user.name),
      ...(emailFree && { email }),
      oidcIssuer: person.issuer,
      oidcSubject: person.subject,
    };
    const changed = { ...user, ...changes };
    const [before, after] = [toUserView(user), toUserView(changed)];
    const linking = user.oidcIssuer !== person.issuer || user.oidcSubject !== person.subject;
    if (!linking && JSON.stringify(before) === JSON.stringify(after)) return user;
    await this.users.change(tx, user.id, changes);
    const actor = { id: user.id, email: changed.email, role: changed.role, portfolios: user.portfolios };
    const action = before.role === after.role ? 'user.update' : 'user.role_change';
    await this.audit.record(tx, actor, { action, entity: 'user', entityId: user.id, before, after: { ...after, ...via(person) } });
    return changed;
  }

  private async refuse(
    tx: EntityManager,
    person: FederatedPerson,
    email: string | null,
    user: UserEntity | null,
    refusal: FederatedRefusal,
  ): Promise<void> {
    const actor = { id: user?.id ?? 0, email: (email ?? person.subject).slice(0, EMAIL_MAX), role: 'viewer' as const, portfolios: [] };
    await this.audit.record(tx, actor, {
      action: 'sso.refuse',
      entity: 'sso',
      entityId: person.subject.slice(0, 60),
      after: { reason: refusal, email, name: person.name, ...via(person) },
    });
  }
}

function nameOf(person: FederatedPerson, fallback: string): string {
  return (person.name?.trim() || fallback).slice(0, NAME_MAX);
}

/** What the audit log keeps of the sign-in that made a change. */
function via(person: FederatedPerson): object {
  return { signedInWith: 'sso', issuer: person.issuer, subject: person.subject, groups: person.groups };
}
