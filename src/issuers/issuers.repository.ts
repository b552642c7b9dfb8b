import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { AppLock, Database } from '../database/database.js';
import { TableRepository } from '../database/table-repository.js';
import type { ParentLinks } from './family.js';
import { IssuerEntity } from './issuer.entity.js';

/** An issuer's name, LEI, parent links and exemption, as a plain row. */
export interface IssuerLinks extends ParentLinks {
  name: string;
  lei: string | null;
  limitExempt: boolean;
}

/** The issuers: the only code that knows their table. */
@Injectable()
export class IssuersRepository extends TableRepository<IssuerEntity> {
  constructor(db: Database) {
    super(db, IssuerEntity);
  }

  /** Every issuer, in no particular order. */
  all(manager?: EntityManager): Promise<IssuerEntity[]> {
    return this.table(manager).find();
  }

  /**
   * Every issuer by id, once the issuers lock is taken (PostgreSQL), so that two writers never
   * create or re-parent the same issuer; a reader outside a transaction waits for a writer to commit.
   */
  async lockedAll(manager: EntityManager = this.db.reads.manager): Promise<IssuerEntity[]> {
    await this.db.lockWithin(manager, AppLock.Issuers);
    return this.table(manager).find({ order: { id: 'ASC' } });
  }

  /**
   * Every issuer's name, LEI, parent links and exemption, as plain rows: hydrating thousands of
   * issuer entities held the event loop. The one read of the family links, so that a new kind of
   * parent reaches the projection and the breach breakdown alike.
   */
  async links(): Promise<IssuerLinks[]> {
    const rows: Array<Record<string, number | string | boolean | null>> = await this.db.reads.query(
      'SELECT id, name, lei, economic_parent_id, declared_parent_id, hierarchy_parent_id, gleif_parent_id, limit_exempt FROM issuers ORDER BY id',
    );
    return rows.map((r) => ({
      id: r.id as number,
      name: r.name as string,
      lei: r.lei as string | null,
      economicParentId: r.economic_parent_id as number | null,
      declaredParentId: r.declared_parent_id as number | null,
      hierarchyParentId: r.hierarchy_parent_id as number | null,
      gleifParentId: r.gleif_parent_id as number | null,
      limitExempt: Boolean(r.limit_exempt), // 0/1 on SQLite
    }));
  }

  /** Which of these issuer ids exist. */
  async existingIds(tx: EntityManager, ids: number[]): Promise<Set<number>> {
    return new Set((await this.table(tx).findBy({ id: In(ids) })).map((i) => i.id));
  }

  async nameOf(id: number, manager?: EntityManager): Promise<string | null> {
    return (await this.table(manager).findOneBy({ id }))?.name ?? null;
  }

  async change(tx: EntityManager, id: number, changes: Partial<IssuerEntity>): Promise<void> {
    await this.table(tx).update({ id }, changes);
  }
}
