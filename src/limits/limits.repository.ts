import { Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import type { PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { TableRepository } from '../database/table-repository.js';
import { LimitEntity, LimitVersionEntity } from './limit.entity.js';
import type { LimitLabel } from './limit-labels.js';
import type { LimitTerms } from './limit-terms.js';

/** Which current versions a list shows: those for every portfolio, and those of `portfolioId`, else of the `visible` portfolios (null: all). */
export interface CurrentVersionFilter {
  portfolioId?: number;
  visible: number[] | null;
}

/** The limits and their versions: the only code that knows their tables. A limit is read outside a transaction unless one is given. */
@Injectable()
export class LimitsRepository extends TableRepository<LimitEntity> {
  constructor(db: Database) {
    super(db, LimitEntity);
  }

  /** A new limit (version 1) with these terms; `presetId`: the preset it comes from. */
  async create(tx: EntityManager, terms: LimitTerms, presetId: string | null, now: string): Promise<LimitVersionEntity> {
    const limit = await this.table(tx).save({ currentVersion: 1, createdAt: now, deletedAt: null, presetId });
    return this.versions(tx).save({ ...terms, limitId: limit.id, version: 1, createdAt: now });
  }

  /** Makes `version` with these terms the limit's current one. */
  async addVersion(tx: EntityManager, limitId: number, version: number, terms: LimitTerms, now: string): Promise<LimitVersionEntity> {
    const added = await this.versions(tx).save({ ...terms, limitId, version, createdAt: now });
    await this.table(tx).update({ id: limitId }, { currentVersion: added.version });
    return added;
  }

  /** Ends the limit: its versions stay. */
  async end(tx: EntityManager, id: number, now: string): Promise<void> {
    await this.table(tx).update({ id }, { deletedAt: now });
  }

  /** The current version of a limit not deleted; 404 otherwise. */
  async currentVersion(id: number, manager?: EntityManager): Promise<LimitVersionEntity> {
    const limit = await this.require(`Limit ${id}`, { id, deletedAt: IsNull() }, manager);
    return this.versions(manager).findOneByOrFail({ limitId: id, version: limit.currentVersion });
  }

  /** The limit as it is now: its latest version (a deleted limit's last one too). */
  latestVersion(limitId: number): Promise<LimitVersionEntity | null> {
    return this.versions().findOne({ where: { limitId }, order: { version: 'DESC' } });
  }

  /** Every version of a limit, the latest first. */
  history(limitId: number, manager?: EntityManager): Promise<LimitVersionEntity[]> {
    return this.versions(manager).find({ where: { limitId }, order: { version: 'DESC' } });
  }

  /** Every version of the limits not deleted. */
  async liveVersions(manager?: EntityManager): Promise<LimitVersionEntity[]> {
    const limits = await this.table(manager).find({ where: { deletedAt: IsNull() }, order: { id: 'ASC' } });
    if (!limits.length) return [];
    return this.versions(manager).find({ where: { limitId: In(limits.map((l) => l.id)) } });
  }

  /** The current versions of the live limits created from the preset, by limit id. */
  async liveFromPreset(tx: EntityManager, presetId: string): Promise<LimitVersionEntity[]> {
    const limits = await this.table(tx).find({ where: { presetId, deletedAt: IsNull() }, order: { id: 'ASC' } });
    return Promise.all(limits.map((l) => this.versions(tx).findOneByOrFail({ limitId: l.id, version: l.currentVersion })));
  }

  /** A page of the live limits' current versions, by limit id, and how many the filter selects in all. */
  currentPage(filter: CurrentVersionFilter, page: PageQuery): Promise<[LimitVersionEntity[], number]> {
    const { portfolioId, visible } = filter;
    const current = this.versions()
      .createQueryBuilder('v')
      .innerJoin(LimitEntity, 'l', 'l.id = v.limitId AND l.currentVersion = v.version AND l.deletedAt IS NULL');
    if (portfolioId !== undefined) current.andWhere('(v.portfolioId IS NULL OR v.portfolioId = :portfolioId)', { portfolioId });
    else if (visible) current.andWhere(`(v.portfolioId IS NULL${visible.length ? ' OR v.portfolioId IN (:...visible)' : ''})`, { visible });
    return current.orderBy('v.limitId', 'ASC').limit(page.limit).offset(page.offset).getManyAndCount();
  }

  /** Every limit's name and source from its latest version: a deleted limit's too, since a resolution names it. */
  async labels(manager: EntityManager = this.db.reads.manager): Promise<Map<number, LimitLabel>> {
    const rows: Array<{ limit_id: number; name: string; source: string | null }> = await manager.query(
      'SELECT v.limit_id, v.name, v.source FROM limit_versions v WHERE v.version = (SELECT MAX(o.version) FROM limit_versions o WHERE o.limit_id = v.limit_id)',
    );
    return new Map(rows.map((r) => [r.limit_id, { id: r.limit_id, name: r.name, source: r.source }]));
  }

  private versions(manager: EntityManager = this.db.reads.manager): Repository<LimitVersionEntity> {
    return manager.getRepository(LimitVersionEntity);
  }
}
