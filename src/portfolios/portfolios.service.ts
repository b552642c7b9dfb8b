import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { In } from 'typeorm';
import { canSee } from '../auth/portfolio-access.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound } from '../common/errors.js';
import { parseMoneyNumber } from '../common/money.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { PortfolioEntity } from './portfolio.entity.js';
import { toPortfolioView, type CreatePortfolioDto, type PortfolioView, type UpdatePortfolioDto } from './portfolio.dto.js';

@Injectable()
export class PortfoliosService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreatePortfolioDto): Promise<PortfolioView> {
    return this.db.transaction(async (tx) => {
      const portfolios = tx.getRepository(PortfolioEntity);
      if (await portfolios.existsBy({ code: dto.code })) throw new Conflict(`Portfolio ${dto.code} already exists`);
      const now = this.clock.nowIso();
      const saved = await portfolios.save(
        portfolios.create({ code: dto.code, name: dto.name, createdAt: now, updatedAt: now, ...amounts(dto) }),
      );
      const view = toPortfolioView(saved);
      await this.audit.record(tx, actor, { action: 'portfolio.create', entity: 'portfolio', entityId: dto.code, after: view });
      return view;
    });
  }

  /** The portfolios the actor may see, by code. */
  async list(actor: Actor, page: PageQuery): Promise<Page<PortfolioView>> {
    const found = await this.db.reads.getRepository(PortfolioEntity).findAndCount({
      where: actor.portfolios ? { code: In(actor.portfolios) } : {},
      order: { code: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return toPage(found, toPortfolioView);
  }

  async get(actor: Actor, code: string): Promise<PortfolioView> {
    return toPortfolioView(await this.require(code, actor));
  }

  async update(actor: Actor, code: string, dto: UpdatePortfolioDto): Promise<PortfolioView> {
    return this.db.transaction(async (tx) => {
      const portfolios = tx.getRepository(PortfolioEntity);
      const current = await portfolios.findOneBy({ code });
      if (!current || !canSee(actor, code)) throw new NotFound(`Portfolio ${code}`);
      const before = toPortfolioView(current);
      const saved = await portfolios.save({
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

  /** The portfolio, for an actor allowed to see it: for another, it does not exist (404). */
  async require(code: string, actor: Actor): Promise<PortfolioEntity> {
    const portfolio = await this.db.reads.getRepository(PortfolioEntity).findOneBy({ code });
    if (!portfolio || !canSee(actor, code)) throw new NotFound(`Portfolio ${code}`);
    return portfolio;
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
