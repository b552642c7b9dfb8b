import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PortfolioCatalog } from '../auth/portfolio-catalog.js';
import { canSee } from '../auth/portfolio-access.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { Conflict, InvalidFields, NotFound } from '../common/errors.js';
import { parseMoneyNumber } from '../common/money.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import type { PortfolioEntity } from './portfolio.entity.js';
import { PortfolioSnapshots } from './portfolio-snapshots.js';
import { toPortfolioView, type CreatePortfolioDto, type PortfolioView, type UpdatePortfolioDto } from './portfolio.dto.js';
import { PortfoliosRepository } from './portfolios.repository.js';

@Injectable()
export class PortfoliosService implements PortfolioCatalog {
  constructor(
    private readonly db: Database,
    private readonly portfolios: PortfoliosRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly snapshots: PortfolioSnapshots,
  ) {}

  async create(actor: Actor, dto: CreatePortfolioDto): Promise<PortfolioView> {
    return this.db.transaction(async (tx) => {
      if (await this.portfolios.exists(tx, { code: dto.code })) throw new Conflict(`Portfolio ${dto.code} already exists`);
      const now = this.clock.nowIso();
      const saved = await this.portfolios.save(tx, { code: dto.code, name: dto.name, createdAt: now, updatedAt: now, ...amounts(dto) });
      const view = toPortfolioView(saved);
      await this.audit.record(tx, actor, { action: 'portfolio.create', entity: 'portfolio', entityId: dto.code, after: view });
      return view;
    });
  }

  /** The portfolios the actor may see, by code. */
  async list(actor: Actor, page: PageQuery): Promise<Page<PortfolioView>> {
    return toPage(await this.portfolios.pageOf(actor.portfolios, page), toPortfolioView);
  }

  async get(actor: Actor, code: string): Promise<PortfolioView> {
    return toPortfolioView(await this.require(code, actor));
  }

  async update(actor: Actor, code: string, dto: UpdatePortfolioDto): Promise<PortfolioView> {
    return this.db.transaction(async (tx) => {
      const current = await this.portfolios.byCode(code, tx);
      if (!current || !canSee(actor, code)) throw new NotFound(`Portfolio ${code}`);
      const before = toPortfolioView(current);
      if (dto.baseCurrency !== undefined && dto.baseCurrency !== current.baseCurrency)
        await this.requireNoSnapshot(tx, current, dto.baseCurrency);
      const saved = await this.portfolios.save(tx, {
        ...current,
        ...amounts(dto),
        ...(dto.name !== undefined && { name: dto.name }),
        updatedAt: this.clock.nowIso(),
      });
      const after = toPortfolioView(saved);
      await this.audit.record(tx, actor, { action: 'portfolio.update', entity: 'portfolio', entityId: code, before, after });
      return after;
    });
  }

  /**
   * A snapshot's amounts were converted to the base currency at its upload, and the portfolio's
   * ABSOLUTE limits, admitted assets and capital are amounts in it: once there is a snapshot, the
   * currency stays, and books kept in another currency are a new portfolio.
   */
  private async requireNoSnapshot(tx: EntityManager, portfolio: PortfolioEntity, wanted: string): Promise<void> {
    const snapshot = await this.snapshots.current(portfolio.id, tx);
    if (!snapshot) return;
    throw new Conflict(
      `Portfolio ${portfolio.code} keeps its base currency ${portfolio.baseCurrency}: its holdings snapshots (the current one as of ` +
        `${snapshot.asOfDate}) were converted to ${portfolio.baseCurrency} when they were uploaded, and its ABSOLUTE limits, admitted ` +
        `assets and capital and surplus are amounts in ${portfolio.baseCurrency}. To keep these books in ${wanted}, create a new ` +
        `portfolio with baseCurrency ${wanted}, its admitted assets and limits in ${wanted}, and upload its holdings there`,
    );
  }

  /** The portfolio, for an actor allowed to see it: for another, it does not exist (404). */
  async require(code: string, actor: Actor, manager?: EntityManager): Promise<PortfolioEntity> {
    const portfolio = await this.portfolios.byCode(code, manager);
    if (!portfolio || !canSee(actor, code)) throw new NotFound(`Portfolio ${code}`);
    return portfolio;
  }

  /** The portfolio of this code, or null, whoever asks (for the service's own work). */
  byCode(code: string, manager?: EntityManager): Promise<PortfolioEntity | null> {
    return this.portfolios.byCode(code, manager);
  }

  /** The portfolios of these codes (every one when `codes` is undefined), by code. */
  all(codes?: string[], manager?: EntityManager): Promise<PortfolioEntity[]> {
    return this.portfolios.all(codes, manager);
  }

  codes(manager?: EntityManager): Promise<Map<number, string>> {
    return this.portfolios.codes(manager);
  }

  /** Portfolio id -> its base currency: what the amounts of its breaches and runs are in. */
  currencies(manager?: EntityManager): Promise<Map<number, string>> {
    return this.portfolios.currencies(manager);
  }

  async requireKnown(manager: EntityManager, codes: string[], entity: string): Promise<string[]> {
    const wanted = [...new Set(codes)];
    const found = new Set((await this.portfolios.all(wanted, manager)).map((p) => p.code));
    const unknown = wanted.filter((code) => !found.has(code));
    if (unknown.length) {
      throw new InvalidFields(
        unknown.map((code) => ({ field: 'portfolios', message: `portfolio ${code} does not exist` })),
        entity,
      );
    }
    return wanted;
  }
}

function amounts(dto: UpdatePortfolioDto): Partial<PortfolioEntity> {
  return {
    ...(dto.baseCurrency !== undefined && { baseCurrency: dto.baseCurrency }),
    ...(dto.admittedAssets !== undefined && { admittedAssetsCents: parseMoneyNumber(dto.admittedAssets) }),
    ...(dto.capitalAndSurplus !== undefined && { capitalAndSurplusCents: parseMoneyNumber(dto.capitalAndSurplus) }),
    ...(dto.participationRate !== undefined && { participationRate: dto.participationRate }),
  };
}
