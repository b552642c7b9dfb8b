import { Injectable } from '@nestjs/common';
import { NotFound } from '../common/errors.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { toHoldingView, toSnapshotView, type HoldingView, type SnapshotView } from './holding.dto.js';
import { HoldingsRepository } from './holdings.repository.js';

@Injectable()
export class SnapshotsService {
  constructor(
    private readonly holdings: HoldingsRepository,
    private readonly portfolios: PortfoliosService,
  ) {}

  async list(code: string, page: PageQuery): Promise<Page<SnapshotView>> {
    const portfolio = await this.portfolios.require(code);
    const current = await this.holdings.currentSnapshot(portfolio.id);
    const found = await this.holdings.listSnapshots(portfolio.id, page.limit, page.offset);
    return toPage(found, (s) => toSnapshotView(s, code, current?.id ?? null));
  }

  async holdingsOf(snapshotId: number, page: PageQuery): Promise<Page<HoldingView>> {
    if (!(await this.holdings.findSnapshot(snapshotId))) throw new NotFound(`Snapshot ${snapshotId}`);
    return toPage(await this.holdings.listHoldings(snapshotId, page.limit, page.offset), toHoldingView);
  }
}
