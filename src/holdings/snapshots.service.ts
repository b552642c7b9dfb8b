import { Injectable } from '@nestjs/common';
import { requireVisibleId } from '../auth/portfolio-access.js';
import type { Actor } from '../auth/roles.js';
import { NotFound } from '../common/errors.js';
import { Database } from '../database/database.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { toHoldingView, toSnapshotView, type HoldingView, type SnapshotView } from './holding.dto.js';
import { HoldingsRepository } from './holdings.repository.js';

@Injectable()
export class SnapshotsService {
  constructor(
    private readonly holdings: HoldingsRepository,
    private readonly portfolios: PortfoliosService,
    private readonly db: Database,
  ) {}

  async list(actor: Actor, code: string, page: PageQuery): Promise<Page<SnapshotView>> {
    const portfolio = await this.portfolios.require(code, actor);
    const current = await this.holdings.currentSnapshot(portfolio.id);
    const found = await this.holdings.listSnapshots(portfolio.id, page.limit, page.offset);
    return toPage(found, (s) => toSnapshotView(s, code, current?.id ?? null));
  }

  async holdingsOf(actor: Actor, snapshotId: number, page: PageQuery): Promise<Page<HoldingView>> {
    const snapshot = await this.holdings.findSnapshot(snapshotId);
    if (!snapshot) throw new NotFound(`Snapshot ${snapshotId}`);
    await requireVisibleId(this.db.reads.manager, actor, snapshot.portfolioId, `Snapshot ${snapshotId}`);
    return toPage(await this.holdings.listHoldings(snapshotId, page.limit, page.offset), toHoldingView);
  }
}
