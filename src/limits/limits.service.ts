import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PortfolioAccess, requireVisible } from '../auth/portfolio-access.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { Conflict } from '../common/errors.js';
import { toPage, type Page } from '../common/pagination.js';
import { AppLock, Database } from '../database/database.js';
import { IssuersService } from '../issuers/issuers.service.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { governingVersions } from '../risk/limit-versions.js';
import type { LimitVersionEntity } from './limit.entity.js';
import { LimitCoverage } from './limit-coverage.js';
import type { LimitLabel } from './limit-labels.js';
import { limitTerms, scopeIssuerIds, type LimitTerms } from './limit-terms.js';
import { LimitsRepository } from './limits.repository.js';
import {
  toLimitView,
  type CreateLimitDto,
  type LimitChangeView,
  type LimitQuery,
  type LimitView,
  type UpdateLimitDto,
} from './limit.dto.js';

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
  labels(manager?: EntityManager): Promise<Map<number, LimitLabel>> {
    return this.limits.labels(manager);
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
    const version = await this.limits.create(tx, terms, presetId, this.clock.nowIso());
    const view = toLimitView(version, dto.portfolio);
    await this.audit.record(tx, actor, {
      action: 'limit.create',
      entity: 'limit',
      entityId: version.limitId,
      after: presetId ? { ...view, preset: presetId } : view,
    });
    return view;
  }

  /** The ids of the live limits created from the preset for that portfolio (null: for every portfolio). */
  private async liveFromPreset(tx: EntityManager, presetId: string, portfolio: string | null): Promise<number[]> {
    const codes = await this.portfolios.codes(tx);
    const current = await this.limits.liveFromPreset(tx, presetId);
    return current.filter((v) => (codes.get(v.portfolioId ?? 0) ?? null) === portfolio).map((v) => v.limitId);
  }

  async update(actor: Actor, id: number, dto: UpdateLimitDto): Promise<LimitChangeView> {
    const view = await this.db.transaction(async (tx) => {
      const current = await this.limits.currentVersion(id, tx);
      const codes = await this.portfolios.codes(tx);
      const before = toLimitView(current, codes.get(current.portfolioId ?? 0) ?? null);
      const merged = { ...before, ...dto } as CreateLimitDto;
      const terms = await this.termsOf(tx, merged);
      const version = await this.limits.addVersion(tx, id, current.version + 1, terms, this.clock.nowIso());
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
      const current = await this.limits.currentVersion(id, tx);
      await this.limits.end(tx, id, this.clock.nowIso());
      await this.audit.record(tx, actor, { action: 'limit.delete', entity: 'limit', entityId: id, before: toLimitView(current, null) });
    });
  }

  /** A limit of every portfolio, or of one the actor may see. */
  async get(actor: Actor, id: number): Promise<LimitView & { history: LimitView[] }> {
    const current = await this.limits.currentVersion(id);
    const codes = await this.portfolios.codes();
    const code = (v: LimitVersionEntity) => codes.get(v.portfolioId ?? 0) ?? null;
    if (current.portfolioId !== null) requireVisible(actor, code(current) ?? undefined, `Limit ${id}`);
    const versions = await this.limits.history(id);
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
    const codes = await this.portfolios.codes();
    const portfolioId = query.portfolio ? [...codes].find(([, code]) => code === query.portfolio)?.[0] : undefined;
    if (query.portfolio) requireVisible(actor, portfolioId === undefined ? undefined : query.portfolio, `Portfolio ${query.portfolio}`);
    const visible = await this.access.visibleIds(actor);
    const found = await this.limits.currentPage({ portfolioId, visible }, query);
    return toPage(found, (v) => toLimitView(v, codes.get(v.portfolioId ?? 0) ?? null));
  }

  /**
   * The limit versions that may govern a portfolio on `from` or later, its own limits and those for
   * every portfolio: each with `supersededOn`, the date a newer version takes over from it (see
   * governingVersions), so that the projection applies at each date the version in force then.
   */
  async inForce(portfolioId: number, from: string): Promise<Array<LimitVersionEntity & { supersededOn: string | null }>> {
    return governingVersions(await this.limits.liveVersions()).filter(
      (v) =>
        (v.portfolioId === null || v.portfolioId === portfolioId) &&
        (!v.effectiveTo || v.effectiveTo >= from) &&
        (!v.supersededOn || v.supersededOn > from),
    );
  }

  /** The terms a DTO gives, once its portfolio and issuers are looked up (see limitTerms). */
  private async termsOf(tx: EntityManager, dto: CreateLimitDto): Promise<LimitTerms> {
    const portfolioId = dto.portfolio === null ? null : (await this.portfolios.byCode(dto.portfolio, tx))?.id;
    return limitTerms(dto, portfolioId, await this.issuers.existingIds(tx, scopeIssuerIds(dto)));
  }
}
