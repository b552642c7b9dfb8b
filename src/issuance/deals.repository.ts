import { Injectable } from '@nestjs/common';
import { In, type DeepPartial, type EntityManager } from 'typeorm';
import type { PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { TableRepository } from '../database/table-repository.js';
import { DealEntity } from './deal.entity.js';
import { ForecastEntity } from './forecast.entity.js';

/** The expected deals and the run-rate forecasts that some of them spread: the only code that knows their tables. */
@Injectable()
export class DealsRepository extends TableRepository<DealEntity> {
  constructor(db: Database) {
    super(db, DealEntity);
  }

  /** Every deal, by id. */
  all(): Promise<DealEntity[]> {
    return this.table().find({ order: { id: 'ASC' } });
  }

  find(id: number): Promise<DealEntity | null> {
    return this.table().findOneBy({ id });
  }

  /** A page of the deals of these issuers (all of them when `issuerIds` is undefined), by expected date. */
  pageOf(issuerIds: number[] | undefined, page: PageQuery): Promise<[DealEntity[], number]> {
    return this.page(page, { expectedDate: 'ASC', id: 'ASC' }, issuerIds ? { issuerId: In(issuerIds) } : {});
  }

  /** How many deals each of these issuers has; an issuer without deals is absent. */
  async countByIssuer(tx: EntityManager, issuerIds: number[]): Promise<Map<number, number>> {
    const rows: Array<{ issuerId: number; deals: string | number }> = await this.table(tx)
      .createQueryBuilder('d')
      .select('d.issuerId', 'issuerId')
      .addSelect('COUNT(*)', 'deals')
      .where({ issuerId: In(issuerIds) })
      .groupBy('d.issuerId')
      .getRawMany();
    return new Map(rows.map((r) => [Number(r.issuerId), Number(r.deals)]));
  }

  /** Inserts the deals, `chunk` rows a statement when given; answers them with their ids. */
  saveAll(tx: EntityManager, deals: Array<DeepPartial<DealEntity>>, chunk?: number): Promise<DealEntity[]> {
    return this.table(tx).save(deals, chunk === undefined ? undefined : { chunk });
  }

  saveForecast(tx: EntityManager, forecast: Omit<ForecastEntity, 'id'>): Promise<ForecastEntity> {
    return tx.getRepository(ForecastEntity).save(forecast);
  }
}
