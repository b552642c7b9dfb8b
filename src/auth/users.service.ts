import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AuditTrail } from './audit-trail.js';
import { ConfigError } from '../config/app-config.js';
import { Conflict, Forbidden } from '../common/errors.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { AppLock, Database } from '../database/database.js';
import { hashSecret, newApiKey } from './api-key.js';
import { PortfolioCatalog } from './portfolio-catalog.js';
import { seesAllPortfolios } from './portfolio-access.js';
import { SYSTEM_ACTOR, type Actor } from './roles.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';
import { toUserView, type CreateUserDto, type CreatedUserView, type UpdateUserDto, type UserView } from './user.dto.js';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly portfolios: PortfolioCatalog,
  ) {}

  async actorForKey(key: string | null): Promise<Actor | null> {
    return key ? this.activeActor({ keyHash: hashSecret(key) }) : null;
  }

  /** Null once the user is revoked: its sessions end with its key. */
  actorForUser(id: number): Promise<Actor | null> {
    return this.activeActor({ id });
  }

  /** The admins not revoked, oldest first (read in the caller's transaction when given): those the service itself writes to. */
  activeAdmins(manager?: EntityManager): Promise<UserEntity[]> {
    return this.users.activeAdmins(manager);
  }

  create(actor: Actor, dto: CreateUserDto, apiKey = newApiKey()): Promise<CreatedUserView> {
    return this.db.transaction((tx) => this.insert(tx, actor, dto, apiKey));
  }

  async list(page: PageQuery): Promise<Page<UserView>> {
    return toPage(await this.users.activePage(page), toUserView);
  }

  /** The key stops working at once: the guard looks every key up on every request. */
  async revoke(actor: Actor, id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const user = await this.lockedUser(tx, id);
      await this.keepAnAdminForEveryPortfolio(tx, user, null, 'revoking it');
      await this.users.change(tx, id, { revokedAt: this.clock.nowIso() });
      await this.audit.record(tx, actor, { action: 'user.revoke', entity: 'user', entityId: id, before: toUserView(user) });
    });
  }

  /** Name, role and portfolios; the change applies to the user's next request. */
  async update(actor: Actor, id: number, dto: UpdateUserDto): Promise<UserView> {
    return this.db.transaction(async (tx) => {
      const user = await this.lockedUser(tx, id);
      const changes: Partial<UserEntity> = {
        ...(dto.name !== undefined && { name: dto.name.trim() }),
        ...(dto.role !== undefined && { role: dto.role }),
        ...(dto.portfolios !== undefined && { portfolios: await this.portfoliosOf(tx, dto.portfolios) }),
      };
      const changed = { ...user, ...changes };
      await this.keepAnAdminForEveryPortfolio(tx, user, changed, 'changing its role or portfolios');
      await this.users.change(tx, id, changes);
      const [before, after] = [toUserView(user), toUserView(changed)];
      await this.audit.record(tx, actor, { action: 'user.update', entity: 'user', entityId: id, before, after });
      return after;
    });
  }

  /**
   * A new key for the user, shown once; the old one is dead at once, and so are the sessions signed
   * in with it. Admins (of every portfolio) rotate anyone's key, any other user only its own.
   */
  async rotateKey(actor: Actor, id: number, reason: string | null): Promise<CreatedUserView> {
    if (actor.id !== id && !(actor.role === 'admin' && seesAllPortfolios(actor)))
      throw new Forbidden("Only an admin of every portfolio can rotate another user's key");
    const apiKey = newApiKey();
    return this.db.transaction(async (tx) => {
      const user = await this.lockedUser(tx, id);
      await this.users.replaceKey(tx, id, hashSecret(apiKey));
      const view = toUserView(user);
      await this.audit.record(tx, actor, { action: 'user.rotate_key', entity: 'user', entityId: id, after: { ...view, reason } });
      return { ...view, apiKey };
    });
  }

  /**
   * With ADMIN_API_KEY set and no admin yet, that key becomes the first admin's. Under the users
   * lock: replicas starting together on a fresh database create it once, and none of them fails.
   */
  async bootstrapAdmin(adminApiKey: string | null): Promise<void> {
    if (!adminApiKey) return;
    const created = await this.db.transaction(async (tx) => {
      await this.db.lockWithin(tx, AppLock.Users);
      if (await this.users.active({ role: 'admin' }, tx)) return false;
      if (await this.users.exists(tx, { keyHash: hashSecret(adminApiKey) })) {
        throw new ConfigError('ADMIN_API_KEY', 'belongs to a revoked user; set a new key to create a new admin');
      }
      await this.insert(tx, SYSTEM_ACTOR, { email: 'admin@localhost', name: 'Administrator', role: 'admin' }, adminApiKey);
      return true;
    });
    if (created) this.logger.log('Created the first admin user with ADMIN_API_KEY');
  }

  /** Check and insert under the users lock, so that two requests cannot create the same email twice. */
  private async insert(tx: EntityManager, actor: Actor, dto: CreateUserDto, apiKey: string): Promise<CreatedUserView> {
    await this.db.lockWithin(tx, AppLock.Users);
    const email = dto.email.trim().toLowerCase();
    const portfolios = await this.portfoliosOf(tx, dto.portfolios ?? null);
    if (await this.users.active({ email }, tx)) throw new Conflict(`A user with email ${email} already exists`);
    const user = await this.users.save(tx, {
      email,
      name: dto.name.trim(),
      role: dto.role,
      portfolios,
      keyHash: hashSecret(apiKey),
      createdAt: this.clock.nowIso(),
      revokedAt: null,
    });
    const view = toUserView(user);
    await this.audit.record(tx, actor, { action: 'user.create', entity: 'user', entityId: user.id, after: view });
    return { ...view, apiKey };
  }

  private async activeActor(where: FindOptionsWhere<UserEntity>): Promise<Actor | null> {
    const user = await this.users.active(where);
    return user ? { id: user.id, email: user.email, role: user.role, portfolios: user.portfolios } : null;
  }

  /** An active user, read under the users lock: changes to users are made one at a time. */
  private async lockedUser(tx: EntityManager, id: number): Promise<UserEntity> {
    await this.db.lockWithin(tx, AppLock.Users);
    return this.users.requireActive(id, tx);
  }

  /** Someone must be able to manage users and every portfolio: the last such admin cannot be revoked (changed: null), demoted or limited. */
  private async keepAnAdminForEveryPortfolio(
    tx: EntityManager,
    user: UserEntity,
    changed: UserEntity | null,
    doing: string,
  ): Promise<void> {
    const full = (u: UserEntity | null) => u?.role === 'admin' && u.portfolios === null;
    if (!full(user) || full(changed)) return;
    if ((await this.users.fullAdmins(tx)) > 1) return;
    throw new Conflict(`This is the last admin of every portfolio: create another one before ${doing}`);
  }

  private async portfoliosOf(tx: EntityManager, codes: string[] | null): Promise<string[] | null> {
    return codes === null ? null : this.portfolios.requireKnown(tx, codes, 'user');
  }
}
