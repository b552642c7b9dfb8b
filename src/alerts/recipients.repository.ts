import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import type { PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { TableRepository } from '../database/table-repository.js';
import { RecipientEntity } from './recipient.entity.js';

/** The recipients of the digests; a removed one keeps its row (deletedAt) for the audit trail. */
@Injectable()
export class RecipientsRepository extends TableRepository<RecipientEntity> {
  constructor(db: Database) {
    super(db, RecipientEntity);
  }

  /** Those who currently receive digests, oldest first: a page of them, or all in the run's transaction. */
  activePage(page: PageQuery): Promise<[RecipientEntity[], number]> {
    return this.page(page, { id: 'ASC' }, { deletedAt: IsNull() });
  }

  active(manager?: EntityManager): Promise<RecipientEntity[]> {
    return this.table(manager).find({ where: { deletedAt: IsNull() }, order: { id: 'ASC' } });
  }

  /** Whether a current recipient has this email. */
  hasActive(tx: EntityManager, email: string): Promise<boolean> {
    return this.exists(tx, { email, deletedAt: IsNull() });
  }

  /** The current recipient of this id, or a 404. */
  requireActive(id: number, manager?: EntityManager): Promise<RecipientEntity> {
    return this.require(`Recipient ${id}`, { id, deletedAt: IsNull() }, manager);
  }

  async markRemoved(tx: EntityManager, id: number, at: string): Promise<void> {
    await this.table(tx).update({ id }, { deletedAt: at });
  }
}
