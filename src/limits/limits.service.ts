import { Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PortfolioAccess, requireVisible } from '../auth/portfolio-access.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { Conflict, InvalidFields, NotFound } from '../common/errors.js';
import { parseMoneyNumber } from '../common/money.js';
import { toPage, type Page } from '../common/pagination.js';
import { AppLock, Database } from '../database/database.js';
import { IssuersService } from '../issuers/issuers.service.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { governingVersions } from '../risk/limit-versions.js';
import { LimitEntity, LimitVersionEntity } from './limit.entity.js';
import { LimitCoverage } from './limit-coverage.js';
import { limitLabels, type LimitLabel } from './limit-labels.js';
import { LimitsRepository } from './limits.repository.js';
import {
  toLimitView,
  type CreateLimitDto,
  type LimitChangeView,
  type LimitQuery,
  type LimitView,
  type UpdateLimitDto,
} from './limit.dto.js';

type Terms = Omit<LimitVersionEntity, 'id' | 'limitId' | 'version' | 'createdAt'>;

/** Limits keep every version: a change adds one, a delete ends the limit; both audited. */
@Injectable()
export class LimitsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly coverage: LimitCoverage,
    private readonly limits: LimitsRepository,
    private readonly portfolios: PortfoliosService,
    private readonly issuers: IssuersService,
    private readonly access: PortfolioAccess,
  ) {}

  /** The limit as it is now: its latest version (a deleted limit's last one too). */
  latestVersion(limitId: number): Promise<LimitVersionEntity | null> {
    return this.limits.latestVersion(limitId);
  }

  /** Every limit's name and source from its latest version, by id: a deleted limit's too, since a resolution names it. */
  labels(manager: EntityManager = this.db.reads.manager): Promise<Map<number, LimitLabel>> {
    return limitLabels(manager);
  }

  async create(actor: Actor, dto: CreateLimitDto): Promise<LimitChangeView> {
    return this.withWarnings(await this.db.transaction((tx) => this.insert(tx, actor, dto, null)));
  }

  /**
   * A preset's limits as ordinary limits, all or none; refused while limits from an earlier
   * application of the preset to the same portfolio (or to every portfolio) are still live.
   */
  async createFromPreset(actor: Actor, presetId: string, portfolio: string | null, dtos: CreateLimitDto[]): Promise<LimitView[]> {
    return this.db.transaction(async (tx) => {
      await this.db.lockWithin(tx, AppLock.LimitPresets);
      const applied = await this.liveFromPreset(tx, presetId, portfolio);
      if (applied.length)
        throw new Conflict(
          `Preset ${presetId} is already applied to ${portfolio ?? 'every portfolio'} (limits ${applied.join(', ')}): change those limits, or delete them to apply it again`,
        );
      const views: LimitView[] = [];
      for (const dto of dtos) views.push(await this.insert(tx, actor, { ...dto, portfolio }, presetId));
      return views;
    });
  }

  private async insert(tx: EntityManager, actor: Actor, dto: CreateLimitDto, presetId: string | null): Promise<LimitView> {
    const terms = await this.termsOf(tx, dto);
    const now = this.clock.nowIso();
    const limit = await tx.getRepository(LimitEntity).save({ currentVersion: 1, createdAt: now, deletedAt: null, presetId });
    const version = await tx.getRepository(LimitVersionEntity).save({ ...terms, limitId: limit.id, version: 1, createdAt: now });
    const view = toLimitView(version, dto.portfolio);
    await this.audit.record(tx, actor, {
      action: 'limit.create',
      entity: 'limit',
      entityId: limit.id,
      after: presetId ? { ...view, preset: presetId } : view,
    });
    return view;
  }

  /** The ids of the live limits created from the preset for that portfolio (null: for every portfolio). */
  private async liveFromPreset(tx: EntityManager, presetId: string, portfolio: string | null): Promise<number[]> {
    const codes = await this.portfolios.codes(tx);
    const limits = await tx.getRepository(LimitEntity).find({ where: { presetId, deletedAt: IsNull() }, order: { id: 'ASC' } });
    const current = await Promise.all(
      limits.map((l) => tx.getRepository(LimitVersionEntity).findOneByOrFail({ limitId: l.id, version: l.currentVersion })),
    );
    return current.filter((v) => (codes.get(v.portfolioId ?? 0) ?? null) === portfolio).map((v) => v.limitId);
  }

  async update(actor: Actor, id: number, dto: UpdateLimitDto): Promise<LimitChangeView> {
    const view = await this.db.transaction(async (tx) => {
      const current = await this.currentVersion(tx, id);
      const codes = await this.portfolios.codes(tx);
      const before = toLimitView(current, codes.get(current.portfolioId ?? 0) ?? null);
      const merged = { ...before, ...dto } as CreateLimitDto;
      const terms = await this.termsOf(tx, merged);
      const version = await tx
        .getRepository(LimitVersionEntity)
        .save({ ...terms, limitId: id, version: current.version + 1, createdAt: this.clock.nowIso() });
      await tx.getRepository(LimitEntity).update({ id }, { currentVersion: version.version });
      const after = toLimitView(version, merged.portfolio);
      await this.audit.record(tx, actor, { action: 'limit.update', entity: 'limit', entityId: id, before, after });
      return after;
    });
    return this.withWarnings(view);
  }

  /** The limit as created or changed, with what its scope fails to cover (read once the change is committed). */
  private async withWarnings(view: LimitView): Promise<LimitChangeView> {
    const portfolioId = view.portfolio === null ? null : (await this.portfolios.byCode(view.portfolio))!.id;
    return { ...view, warnings: await this.coverage.warnings(portfolioId, view.scope) };
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.currentVersion(tx, id);
      await tx.getRepository(LimitEntity).update({ id }, { deletedAt: this.clock.nowIso() });
      await this.audit.record(tx, actor, { action: 'limit.delete', entity: 'limit', entityId: id, before: toLimitView(current, null) });
    });
  }

  /** A limit of every portfolio, or of one the actor may see. */
  async get(actor: Actor, id: number): Promise<LimitView & { history: LimitView[] }> {
    const tx = this.db.reads.manager;
    const current = await this.currentVersion(tx, id);
    const codes = await this.portfolios.codes(tx);
    const code = (v: LimitVersionEntity) => codes.get(v.portfolioId ?? 0) ?? null;
    if (current.portfolioId !== null) requireVisible(actor, code(current) ?? undefined, `Limit ${id}`);
    const versions = await tx.getRepository(LimitVersionEntity).find({ where: { limitId: id }, order: { version: 'DESC' } });
    return {
      ...toLimitView(current, code(current)),
      history: versions.filter((v) => v.version !== current.version).map((v) => toLimitView(v, code(v))),
    };
  }

  /**
   * A page of the limits' current versions, by id: all of them, or those that apply to one
   * portfolio; for a user limited to some portfolios, those of every portfolio and of its own.
   */
  async list(actor: Actor, query: LimitQuery): Promise<Page<LimitView>> {
    const tx = this.db.reads.manager;
    const codes = await this.portfolios.codes(tx);
    const portfolioId = query.portfolio ? [...codes].find(([, code]) => code === query.portfolio)?.[0] : undefined;
    if (query.portfolio) requireVisible(actor, portfolioId === undefined ? undefined : query.portfolio, `Portfolio ${query.portfolio}`);
    const current = tx
      .getRepository(LimitVersionEntity)
      .createQueryBuilder('v')
      .innerJoin(LimitEntity, 'l', 'l.id = v.limitId AND l.currentVersion = v.version AND l.deletedAt IS NULL');
    const visible = await this.access.visibleIds(actor, tx);
    if (portfolioId !== undefined) current.andWhere('(v.portfolioId IS NULL OR v.portfolioId = :portfolioId)', { portfolioId });
    else if (visible) current.andWhere(`(v.portfolioId IS NULL${visible.length ? ' OR v.portfolioId IN (:...visible)' : ''})`, { visible });
    const found = await current.orderBy('v.limitId', 'ASC').limit(query.limit).offset(query.offset).getManyAndCount();
    return toPage(found, (v) => toLimitView(v, codes.get(v.portfolioId ?? 0) ?? null));
  }

  /**
   * The limit versions that may govern a portfolio on `from` or later, its own limits and those for
   * every portfolio: each with `supersededOn`, the date a newer version takes over from it (see
   * governingVersions), so that the projection applies at each date the version in force then.
   */
  async inForce(portfolioId: number, from: string): Promise<Array<LimitVersionEntity & { supersededOn: string | null }>> {
    return governingVersions(await this.liveVersions(this.db.reads.manager)).filter(
      (v) =>
        (v.portfolioId === null || v.portfolioId === portfolioId) &&
        (!v.effectiveTo || v.effectiveTo >= from) &&
        (!v.supersededOn || v.supersededOn > from),
    );
  }

  /** Every version of the limits not deleted. */
  private async liveVersions(tx: EntityManager): Promise<LimitVersionEntity[]> {
    const limits = await tx.getRepository(LimitEntity).find({ where: { deletedAt: IsNull() }, order: { id: 'ASC' } });
    if (!limits.length) return [];
    return tx.getRepository(LimitVersionEntity).find({ where: { limitId: In(limits.map((l) => l.id)) } });
  }

  private async currentVersion(tx: EntityManager, id: number): Promise<LimitVersionEntity> {
    const limit = await tx.getRepository(LimitEntity).findOneBy({ id, deletedAt: IsNull() });
    if (!limit) throw new NotFound(`Limit ${id}`);
    return tx.getRepository(LimitVersionEntity).findOneByOrFail({ limitId: id, version: limit.currentVersion });
  }

  /** Checks what the DTO cannot check alone: the portfolio and issuers exist, amounts fit the basis. */
  private async termsOf(tx: EntityManager, dto: CreateLimitDto): Promise<Terms> {
    const problems: Array<{ field: string; message: string }> = [];
    let portfolioId: number | null = null;
    if (dto.portfolio !== null) {
      const portfolio = await this.portfolios.byCode(dto.portfolio, tx);
      if (!portfolio) problems.push({ field: 'portfolio', message: `portfolio ${dto.portfolio} does not exist` });
      portfolioId = portfolio?.id ?? null;
    }
    const issuerIds = [...(dto.scope.issuerIds ?? []), ...(dto.scope.issuerId ? [dto.scope.issuerId] : [])];
    const known = await this.issuers.existingIds(tx, issuerIds);
    for (const issuerId of issuerIds)
      if (!known.has(issuerId)) problems.push({ field: 'scope', message: `issuer ${issuerId} does not exist` });
    const absolute = dto.basis === 'ABSOLUTE';
    if (absolute && dto.limitAmount == null)
      problems.push({ field: 'limitAmount', message: 'limitAmount is required with the ABSOLUTE basis' });
    if (!absolute && dto.limitPct == null)
      problems.push({ field: 'limitPct', message: `limitPct is required with the ${dto.basis} basis` });
    for (const [path, range] of [
      ['scope', dto.scope],
      ['scope.holdingsFilter', dto.scope.holdingsFilter],
    ] as const) {
      if (range?.naicMin != null && range.naicMax != null && range.naicMin > range.naicMax)
        problems.push({ field: `${path}.naicMax`, message: 'naicMax must not be below naicMin' });
    }
    if (dto.effectiveFrom && dto.effectiveTo && dto.effectiveTo < dto.effectiveFrom)
      problems.push({ field: 'effectiveTo', message: 'effectiveTo must not be before effectiveFrom' });
    if (problems.length) throw new InvalidFields(problems, 'limit');
    return {
      name: dto.name,
      portfolioId,
      scope: scopeOf(dto),
      measure: dto.measure,
      basis: dto.basis,
      limitAmountCents: absolute ? parseMoneyNumber(dto.limitAmount!) : null,
      limitPct: absolute ? null : dto.limitPct!,
      warnAtPct: dto.warnAtPct ?? 90,
      effectiveFrom: dto.effectiveFrom ?? null,
      effectiveTo: dto.effectiveTo ?? null,
      source: dto.source ?? null,
    };
  }
}

/** Keeps only the fields of the scope's type, and the holdings filter when there is one. */
function scopeOf({ scope }: CreateLimitDto): CreateLimitDto['scope'] {
  const { naicMin, naicMax } = scope.holdingsFilter ?? {};
  const filter = naicMin && naicMax ? { holdingsFilter: { naicMin, naicMax } } : {};
  return { ...scopeFields(scope), ...filter };
}

function scopeFields(scope: CreateLimitDto['scope']): CreateLimitDto['scope'] {
  switch (scope.type) {
    case 'EACH_ISSUER_FAMILY':
      return { type: scope.type, naicMin: scope.naicMin ?? null, naicMax: scope.naicMax ?? null };
    case 'ISSUER_FAMILY':
      return { type: scope.type, issuerId: scope.issuerId };
    case 'SECTOR':
      return { type: scope.type, sector: scope.sector };
    case 'NAIC_RANGE':
      return { type: scope.type, naicMin: scope.naicMin, naicMax: scope.naicMax };
    case 'GROUP':
      return { type: scope.type, name: scope.name, issuerIds: scope.issuerIds };
    case 'PORTFOLIO':
      return { type: scope.type };
  }
}
