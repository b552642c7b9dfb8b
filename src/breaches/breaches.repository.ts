import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { BreachEntity, BreachEventEntity } from './breach.entity.js';

/** Which breaches a list shows: each field set narrows it. */
export interface BreachFilter {
  /** The portfolios the reader may see; null: all */
  visiblePortfolioIds: number[] | null;
  portfolioId?: number;
  status?: string;
  severity?: string;
  kind?: string;
  scenario?: string;
  limitId?: number;
  /** Breaches of this family, or of aggregates it is a member of */
  familyId?: number;
}

export type NewBreachEvent = Omit<BreachEventEntity, 'id'>;

/** The breaches and their events: the only code that knows their tables (the run's recorder aside). */
@Injectable()
export class BreachesRepository {
  constructor(private readonly db: Database) {}

  find(id: number, manager: EntityManager = this.db.reads.manager): Promise<BreachEntity | null> {
    return manager.getRepository(BreachEntity).findOneBy({ id });
  }

  inGroup(tx: EntityManager, groupKey: string): Promise<BreachEntity[]> {
    return tx.getRepository(BreachEntity).findBy({ groupKey });
  }

  async change(tx: EntityManager, id: number, changes: Partial<BreachEntity>, event: NewBreachEvent): Promise<void> {
    if (Object.keys(changes).length) await tx.getRepository(BreachEntity).update({ id }, changes);
    await tx.getRepository(BreachEventEntity).insert(event);
  }

  events(breachId: number): Promise<BreachEventEntity[]> {
    return this.db.reads.getRepository(BreachEventEntity).find({ where: { breachId }, order: { id: 'ASC' } });
  }

  /** A page of breaches, newest first. */
  page(filter: BreachFilter, page: PageQuery): Promise<[BreachEntity[], number]> {
    return this.filtered(filter).orderBy('b.id', 'DESC').take(page.limit).skip(page.offset).getManyAndCount();
  }

  /** A page of groups (problems), the one with the newest breach first: each group's breaches, oldest first, and the count of groups. */
  async groupPage(filter: BreachFilter, page: PageQuery): Promise<{ groups: BreachEntity[][]; total: number }> {
    const filtered = this.filtered(filter);
    const keys: Array<{ groupKey: string }> = await filtered
      .clone()
      .select('b.groupKey', 'groupKey')
      .groupBy('b.groupKey')
      .orderBy('MAX(b.id)', 'DESC')
      .limit(page.limit)
      .offset(page.offset)
      .getRawMany();
    const { n } = (await filtered.clone().select('COUNT(DISTINCT b.groupKey)', 'n').getRawOne()) as { n: number | string };
    const wanted = keys.map((g) => g.groupKey);
    const members = wanted.length
      ? await filtered.clone().andWhere('b.groupKey IN (:...wanted)', { wanted }).orderBy('b.id', 'ASC').getMany()
      : [];
    return { groups: wanted.map((key) => members.filter((b) => b.groupKey === key)), total: Number(n) };
  }

  private filtered(filter: BreachFilter): SelectQueryBuilder<BreachEntity> {
    const qb = this.db.reads.getRepository(BreachEntity).createQueryBuilder('b');
    const visible = filter.visiblePortfolioIds;
    if (visible) qb.andWhere(visible.length ? 'b.portfolioId IN (:...visible)' : '1 = 0', { visible });
    if (filter.status) qb.andWhere('b.status = :status', { status: filter.status });
    if (filter.severity) qb.andWhere('b.severity = :severity', { severity: filter.severity });
    if (filter.kind) qb.andWhere('b.kind = :kind', { kind: filter.kind });
    if (filter.scenario) qb.andWhere('b.scenario = :scenario', { scenario: filter.scenario });
    if (filter.limitId) qb.andWhere('b.limitId = :limitId', { limitId: filter.limitId });
    if (filter.portfolioId !== undefined) qb.andWhere('b.portfolioId = :portfolioId', { portfolioId: filter.portfolioId });
    if (filter.familyId !== undefined)
      qb.andWhere('(b.scopeKey = :familyScope OR b.memberIds LIKE :member)', {
        familyScope: `family:${filter.familyId}`,
        member: `%,${filter.familyId},%`,
      });
    return qb;
  }
}
