import { Injectable } from '@nestjs/common';
import { IsNull, Not, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { TableRepository } from '../database/table-repository.js';
import { SessionEntity } from './session.entity.js';
import { UserEntity } from './user.entity.js';

/** The users (a revoked one keeps its row, for the audit trail) and, with a key rotated, their sessions. */
@Injectable()
export class UsersRepository extends TableRepository<UserEntity> {
  constructor(db: Database) {
    super(db, UserEntity);
  }

  activePage(page: PageQuery): Promise<[UserEntity[], number]> {
    return this.page(page, { id: 'ASC' }, { revokedAt: IsNull() });
  }

  /** The user not revoked that `where` selects, or null. */
  active(where: FindOptionsWhere<UserEntity>, manager?: EntityManager): Promise<UserEntity | null> {
    return this.table(manager).findOneBy({ ...where, revokedAt: IsNull() });
  }

  /** The user not revoked of this id, or a 404 naming it. */
  requireActive(id: number, manager?: EntityManager): Promise<UserEntity> {
    return this.require(`User ${id}`, { id, revokedAt: IsNull() }, manager);
  }

  /** The admins not revoked, oldest first. */
  activeAdmins(manager?: EntityManager): Promise<UserEntity[]> {
    return this.table(manager).find({ where: { role: 'admin', revokedAt: IsNull() }, order: { id: 'ASC' } });
  }

  /** How many admins of every portfolio are not revoked. */
  fullAdmins(tx: EntityManager): Promise<number> {
    return this.table(tx).countBy({ role: 'admin', portfolios: IsNull(), revokedAt: IsNull() });
  }

  /** The users a provider's person has signed in as, revoked ones too, newest first. */
  withIdentity(tx: EntityManager, oidcIssuer: string, oidcSubject: string): Promise<UserEntity[]> {
    return this.table(tx).find({ where: { oidcIssuer, oidcSubject }, order: { id: 'DESC' } });
  }

  /** Whether an admin revoked a user of this email who never signed in by single sign-on. */
  revokedKeyUser(tx: EntityManager, email: string): Promise<boolean> {
    return this.table(tx).existsBy({ email, oidcIssuer: IsNull(), revokedAt: Not(IsNull()) });
  }

  async change(tx: EntityManager, id: number, changes: Partial<UserEntity>): Promise<void> {
    await this.table(tx).update({ id }, changes);
  }

  /** A new key: the old one and every session signed in with it end at once. */
  async replaceKey(tx: EntityManager, id: number, keyHash: string): Promise<void> {
    await this.change(tx, id, { keyHash });
    await tx.getRepository(SessionEntity).delete({ userId: id });
  }
}
