import { Injectable } from '@nestjs/common';
import { LessThanOrEqual, MoreThan, type EntityManager } from 'typeorm';
import { Database } from '../database/database.js';
import { TableRepository } from '../database/table-repository.js';
import { SessionEntity } from './session.entity.js';

/** Sessions of the web page, by the hash of their token. */
@Injectable()
export class SessionsRepository extends TableRepository<SessionEntity> {
  constructor(db: Database) {
    super(db, SessionEntity);
  }

  /** Removes the sessions expired at `now` (ISO). */
  async removeExpired(tx: EntityManager, now: string): Promise<void> {
    await this.table(tx).delete({ expiresAt: LessThanOrEqual(now) });
  }

  /** The session of the token's hash, unless it has expired at `now`. */
  live(tokenHash: string, now: string): Promise<SessionEntity | null> {
    return this.table().findOneBy({ tokenHash, expiresAt: MoreThan(now) });
  }

  ofUser(tx: EntityManager, tokenHash: string, userId: number): Promise<SessionEntity | null> {
    return this.table(tx).findOneBy({ tokenHash, userId });
  }
}
