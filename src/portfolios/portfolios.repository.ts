import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { TableRepository } from '../database/table-repository.js';
import { PortfolioEntity } from './portfolio.entity.js';

@Injectable()
export class PortfoliosRepository extends TableRepository<PortfolioEntity> {
  constructor(db: Database) {
    super(db, PortfolioEntity);
  }

  /** A page of the portfolios by code; `codes` null: all of them. */
  pageOf(codes: string[] | null, page: PageQuery): Promise<[PortfolioEntity[], number]> {
    return this.page(page, { code: 'ASC' }, codes ? { code: In(codes) } : {});
  }

  byCode(code: string, manager?: EntityManager): Promise<PortfolioEntity | null> {
    return this.table(manager).findOneBy({ code });
  }

  /** The portfolios of these codes (all of them when `codes` is undefined), by code. */
  all(codes?: string[], manager?: EntityManager): Promise<PortfolioEntity[]> {
    return this.table(manager).find({ where: codes ? { code: In(codes) } : {}, order: { code: 'ASC' } });
  }

  /** Portfolio id -> code. */
  async codes(manager?: EntityManager): Promise<Map<number, string>> {
    const portfolios = await this.table(manager).find({ select: { id: true, code: true } });
    return new Map(portfolios.map((p) => [p.id, p.code]));
  }

  /** Portfolio id -> base currency. */
  async currencies(manager?: EntityManager): Promise<Map<number, string>> {
    const portfolios = await this.table(manager).find({ select: { id: true, baseCurrency: true } });
    return new Map(portfolios.map((p) => [p.id, p.baseCurrency]));
  }
}
