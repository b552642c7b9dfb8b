import { Injectable, Logger } from '@nestjs/common';
import { IsNull, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { ConfigError } from '../config/app-config.js';
import { Conflict, NotFound } from '../common/errors.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { AppLock, Database } from '../database/database.js';
import { hashSecret, newApiKey } from './api-key.js';
import { SYSTEM_ACTOR, type Actor } from './roles.js';
import { UserEntity } from './user.entity.js';
import { toUserView, type CreateUserDto, type CreatedUserView, type UserView } from './user.dto.js';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async actorForKey(key: string | null): Promise<Actor | null> {
    return key ? this.activeActor({ keyHash: hashSecret(key) }) : null;
  }

  /** Null once the user is revoked: its sessions end with its key. */
  actorForUser(id: number): Promise<Actor | null> {
    return this.activeActor({ id });
  }

  create(actor: Actor, dto: CreateUserDto, apiKey = newApiKey()): Promise<CreatedUserView> {
    return this.db.transaction((tx) => this.insert(tx, actor, dto, apiKey));
  }

  async list(page: PageQuery): Promise<Page<UserView>> {
    const found = await this.users().findAndCount({
      where: { revokedAt: IsNull() },
      order: { id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return toPage(found, toUserView);
  }

  /** The key stops working at once: the guard looks every key up on every request. */
  async revoke(actor: Actor, id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.db.lockWithin(tx, AppLock.Users);
      const users = tx.getRepository(UserEntity);
      const user = await users.findOneBy({ id, revokedAt: IsNull() });
      if (!user) throw new NotFound(`User ${id}`);
      if (user.role === 'admin' && (await users.countBy({ role: 'admin', revokedAt: IsNull() })) === 1) {
        throw new Conflict('This is the last admin: create another admin before revoking it');
      }
      await users.update({ id }, { revokedAt: this.clock.nowIso() });
      await this.audit.record(tx, actor, { action: 'user.revoke', entity: 'user', entityId: id, before: toUserView(user) });
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
      const users = tx.getRepository(UserEntity);
      if (await users.existsBy({ role: 'admin', revokedAt: IsNull() })) return false;
      if (await users.existsBy({ keyHash: hashSecret(adminApiKey) })) {
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
    const users = tx.getRepository(UserEntity);
    if (await users.existsBy({ email, revokedAt: IsNull() })) throw new Conflict(`A user with email ${email} already exists`);
    const user = await users.save(
      users.create({
        email,
        name: dto.name.trim(),
        role: dto.role,
        keyHash: hashSecret(apiKey),
        createdAt: this.clock.nowIso(),
        revokedAt: null,
      }),
    );
    const view = toUserView(user);
    await this.audit.record(tx, actor, { action: 'user.create', entity: 'user', entityId: user.id, after: view });
    return { ...view, apiKey };
  }

  private async activeActor(where: FindOptionsWhere<UserEntity>): Promise<Actor | null> {
    const user = await this.users().findOneBy({ ...where, revokedAt: IsNull() });
    return user ? { id: user.id, email: user.email, role: user.role } : null;
  }

  private users() {
    return this.db.reads.getRepository(UserEntity);
  }
}
