import { Injectable } from '@nestjs/common';
import { In, MoreThan, Not, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { PageQuery } from '../common/pagination.js';
import type { TimeSlicer } from '../common/time-slice.js';
import { BulkInserter } from '../database/bulk-insert.js';
import { Database } from '../database/database.js';
import { BreachEntity, BreachEventEntity } from './breach.entity.js';
import type { Severity } from './severity.js';

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

/** An open breach, as much as deciding who is reminded of it needs. */
export interface OpenBreach {
  id: number;
  portfolioId: number;
  severity: Severity;
}

const EVENTS_PER_INSERT = 500;

/** The breaches and their events: the only code that knows their tables. */
@Injectable()
export class BreachesRepository {
  constructor(private readonly db: Database) {}

  find(id: number, manager: EntityManager = this.db.reads.manager): Promise<BreachEntity | null> {
    return manager.getRepository(BreachEntity).findOneBy({ id });
  }

  inGroup(tx: EntityManager, groupKey: string): Promise<BreachEntity[]> {
    return tx.getRepository(BreachEntity).findBy({ groupKey });
  }

  /** A new breach, as the entity the run goes on with. */
  async open(tx: EntityManager, fields: Omit<BreachEntity, 'id'>): Promise<BreachEntity> {
    const breaches = tx.getRepository(BreachEntity);
    const { identifiers } = await breaches.insert(fields);
    return breaches.create({ ...fields, id: identifiers[0].id as number });
  }

  async update(tx: EntityManager, id: number, changes: Partial<BreachEntity>): Promise<void> {
    await tx.getRepository(BreachEntity).update({ id }, changes);
  }

  async change(tx: EntityManager, id: number, changes: Partial<BreachEntity>, event: NewBreachEvent): Promise<void> {
    if (Object.keys(changes).length) await this.update(tx, id, changes);
    await tx.getRepository(BreachEventEntity).insert(event);
  }

  /** Through prepared multi-row statements (COPY on PostgreSQL), with the caller's pauses: a run writes thousands. */
  async insertEvents(tx: EntityManager, events: NewBreachEvent[], slicer: TimeSlicer): Promise<void> {
    const inserter = new BulkInserter(
      tx,
      'breach_events',
      ['breach_id', 'at', 'type', 'actor_email', 'run_id', 'text', 'data'],
      EVENTS_PER_INSERT,
    );
    for (const e of events) {
      await inserter.add([e.breachId, e.at, e.type, e.actorEmail, e.runId, e.text, e.data === null ? null : JSON.stringify(e.data)]);
      await slicer.pause();
    }
    await inserter.finish();
  }

  /** The breaches not resolved in these portfolios whose id is past `after`, the first `take` by id. */
  unresolvedPage(tx: EntityManager, portfolioIds: number[], after: number, take: number): Promise<BreachEntity[]> {
    return tx.getRepository(BreachEntity).find({
      where: { portfolioId: In(portfolioIds), status: Not('RESOLVED'), id: MoreThan(after) },
      order: { id: 'ASC' },
      take,
    });
  }

  /** Every OPEN breach, as plain rows: a run can leave thousands open. */
  async openRows(tx: EntityManager): Promise<OpenBreach[]> {
    const rows: Array<{ id: number; portfolio_id: number; severity: Severity }> = await tx.query(
      `SELECT id, portfolio_id, severity FROM breaches WHERE status = 'OPEN' ORDER BY id`,
    );
    return rows.map((r) => ({ id: Number(r.id), portfolioId: Number(r.portfolio_id), severity: r.severity }));
  }

  byIds(tx: EntityManager, ids: number[]): Promise<BreachEntity[]> {
    return tx.getRepository(BreachEntity).find({ where: { id: In(ids) }, order: { id: 'ASC' } });
  }

  /** The breaches of these groups that run `runId` (or one before it) did not resolve, as they are now, by id. */
  notResolvedBy(groupKeys: string[], runId: number, manager: EntityManager = this.db.reads.manager): Promise<BreachEntity[]> {
    return manager.getRepository(BreachEntity).find({
      where: [
        { groupKey: In(groupKeys), status: Not('RESOLVED') },
        { groupKey: In(groupKeys), lastSeenRunId: MoreThan(runId) },
      ],
      order: { id: 'ASC' },
    });
  }

  events(breachId: number): Promise<BreachEventEntity[]> {
    return this.db.reads.getRepository(BreachEventEntity).find({ where: { breachId }, order: { id: 'ASC' } });
  }

  /** The events of these breaches, oldest first. */
  eventsOf(breachIds: number[], manager: EntityManager = this.db.reads.manager): Promise<BreachEventEntity[]> {
    return manager.getRepository(BreachEventEntity).find({ where: { breachId: In(breachIds) }, order: { id: 'ASC' } });
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
