import type { DeepPartial, EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import { NotFound } from '../common/errors.js';
import type { PageQuery } from '../common/pagination.js';
import type { Database } from './database.js';

/**
 * What every repository of one table does alike: a page of rows with the count, a row or a 404 that
 * names it, and writes in the caller's transaction. A feature's repository extends it with the
 * queries only it needs.
 */
export abstract class TableRepository<E extends ObjectLiteral> {
  protected constructor(
    protected readonly db: Database,
    private readonly entity: EntityTarget<E>,
  ) {}

  /** The table, read outside a transaction unless one is given. */
  protected table(manager: EntityManager = this.db.reads.manager): Repository<E> {
    return manager.getRepository(this.entity);
  }

  /** One page of the rows `where` selects, in `order`, and how many it selects in all. */
  page(page: PageQuery, order: FindOptionsOrder<E>, where: FindOptionsWhere<E> = {}): Promise<[E[], number]> {
    return this.table().findAndCount({ where, order, take: page.limit, skip: page.offset });
  }

  /** The row `where` selects, or a 404 naming `what` ("Import profile fund-etf"). */
  async require(what: string, where: FindOptionsWhere<E>, manager?: EntityManager): Promise<E> {
    const row = await this.table(manager).findOneBy(where);
    if (!row) throw new NotFound(what);
    return row;
  }

  exists(tx: EntityManager, where: FindOptionsWhere<E>): Promise<boolean> {
    return this.table(tx).existsBy(where);
  }

  /** Inserts a new row, or updates the one with the same id. */
  save(tx: EntityManager, row: DeepPartial<E>): Promise<E> {
    return this.table(tx).save(row);
  }

  async delete(tx: EntityManager, where: FindOptionsWhere<E>): Promise<void> {
    await this.table(tx).delete(where);
  }
}
