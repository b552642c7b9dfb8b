import { Injectable } from '@nestjs/common';
import type { DeepPartial, EntityManager } from 'typeorm';
import type { PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { TableRepository } from '../database/table-repository.js';
import { AuditEntryEntity } from './audit-entry.entity.js';

/** The audit log: rows are only ever added. */
@Injectable()
export class AuditRepository extends TableRepository<AuditEntryEntity> {
  constructor(db: Database) {
    super(db, AuditEntryEntity);
  }

  async add(tx: EntityManager, entry: DeepPartial<AuditEntryEntity>): Promise<void> {
    await this.table(tx).insert(entry);
  }

  /** Newest first; about one kind of record when `entity` is given. */
  newestFirst(page: PageQuery, entity?: string): Promise<[AuditEntryEntity[], number]> {
    return this.page(page, { id: 'DESC' }, entity ? { entity } : {});
  }
}
