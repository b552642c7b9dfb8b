import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { positional } from '../database/sql.js';
import { TableRepository } from '../database/table-repository.js';
import { OutboxMessageEntity, type OutboxStatus } from './outbox-message.entity.js';

/** The emails written and not yet sent, sent, or given up: the only code that knows the outbox table. */
@Injectable()
export class OutboxRepository extends TableRepository<OutboxMessageEntity> {
  constructor(db: Database) {
    super(db, OutboxMessageEntity);
  }

  async insert(tx: EntityManager, row: Omit<OutboxMessageEntity, 'id'>): Promise<void> {
    await this.table(tx).insert(row);
  }

  /**
   * The conditional UPDATE is the claim: of two workers that picked the same row, only one changes
   * it. On PostgreSQL, SKIP LOCKED also lets replicas pass over a row another one is claiming.
   * The next row due at `now` whose lease is free, leased to `owner` until `leaseUntil` and its
   * attempts counted; null when none is due, or another worker claimed it first.
   */
  async claimNext(tx: EntityManager, now: Date, leaseUntil: string, owner: string): Promise<OutboxMessageEntity | null> {
    const free = `status = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)`;
    const lock = this.db.kind === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const [candidate] = (await tx.query(
      this.sql(`SELECT id FROM outbox WHERE ${free} AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1${lock}`),
      [now.toISOString(), now.toISOString()],
    )) as Array<{ id: number }>;
    if (!candidate) return null;
    const claim = await tx.queryRunner!.query(
      this.sql(`UPDATE outbox SET lease_until = ?, lease_owner = ?, attempts = attempts + 1 WHERE id = ? AND ${free}`),
      [leaseUntil, owner, candidate.id, now.toISOString()],
      true,
    );
    return claim.affected === 1 ? this.table(tx).findOneByOrFail({ id: candidate.id }) : null;
  }

  /** Ends the lease with `status` and `changes`, only while `owner` still holds it: after it expired, the row is someone else's. */
  async release(tx: EntityManager, id: number, owner: string, status: OutboxStatus, changes: Partial<OutboxMessageEntity>): Promise<void> {
    await this.table(tx).update({ id, leaseOwner: owner }, { ...changes, status, leaseUntil: null, leaseOwner: null });
  }

  /** Makes a FAILED email PENDING with `changes`; false when it is no longer FAILED. */
  async requeue(tx: EntityManager, id: number, changes: Partial<OutboxMessageEntity>): Promise<boolean> {
    return (await this.table(tx).update({ id, status: 'FAILED' }, changes)).affected === 1;
  }

  /**
   * A page of the emails, newest first, of `status` if given. `hidden`: the ids of portfolios the
   * reader may not see, or null for a reader of every portfolio; such a reader sees only the emails
   * about portfolios (not the others), and none about a hidden one.
   */
  visiblePage(page: PageQuery, status: OutboxStatus | undefined, hidden: number[] | null): Promise<[OutboxMessageEntity[], number]> {
    const qb = this.table().createQueryBuilder('m');
    if (status) qb.andWhere('m.status = :status', { status });
    if (hidden) {
      qb.andWhere('m.portfolioIds IS NOT NULL');
      hidden.forEach((id, i) => qb.andWhere(`m.portfolioIds NOT LIKE :hidden${i}`, { [`hidden${i}`]: `%,${id},%` }));
    }
    return qb.orderBy('m.id', 'DESC').take(page.limit).skip(page.offset).getManyAndCount();
  }

  private sql(text: string): string {
    return positional(this.db.kind, text);
  }
}
