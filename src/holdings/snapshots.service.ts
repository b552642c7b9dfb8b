import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PortfolioAccess } from '../auth/portfolio-access.js';
import type { Actor } from '../auth/roles.js';
import { NotFound } from '../common/errors.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import type { HoldingGroup } from '../risk/positions.js';
import {
  toHoldingView,
  toSnapshotDetailView,
  toSnapshotView,
  type HoldingView,
  type SnapshotDetailView,
  type SnapshotView,
} from './holding.dto.js';
import { HoldingsRepository, type LotRow } from './holdings.repository.js';

export type { LotRow };
import type { SnapshotEntity } from './snapshot.entity.js';

/** The snapshots of holdings as people list them, and as the other features read them. */
@Injectable()
export class SnapshotsService {
  constructor(
    private readonly holdings: HoldingsRepository,
    private readonly portfolios: PortfoliosService,
    private readonly access: PortfolioAccess,
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
    await this.access.requireVisibleId(actor, snapshot.portfolioId, `Snapshot ${snapshotId}`);
    return toPage(await this.holdings.listHoldings(snapshotId, page.limit, page.offset), (h) => toHoldingView(h, snapshot.baseCurrency));
  }

  /** A snapshot, with its base currency and the rates its holdings were converted at (404 for who may not see its portfolio). */
  async detail(actor: Actor, snapshotId: number): Promise<SnapshotDetailView> {
    const snapshot = await this.holdings.findSnapshot(snapshotId);
    if (!snapshot) throw new NotFound(`Snapshot ${snapshotId}`);
    await this.access.requireVisibleId(actor, snapshot.portfolioId, `Snapshot ${snapshotId}`);
    const code = (await this.portfolios.codes()).get(snapshot.portfolioId)!;
    const current = await this.holdings.currentSnapshot(snapshot.portfolioId);
    return toSnapshotDetailView(snapshot, code, current?.id ?? null);
  }

  /** The portfolio's current holdings: its newest snapshot by as-of date, then by upload. */
  current(portfolioId: number, manager?: EntityManager): Promise<SnapshotEntity | null> {
    return this.holdings.currentSnapshot(portfolioId, manager);
  }

  find(id: number): Promise<SnapshotEntity | null> {
    return this.holdings.findSnapshot(id);
  }

  byIds(ids: number[]): Promise<SnapshotEntity[]> {
    return ids.length ? this.holdings.snapshotsByIds(ids) : Promise.resolve([]);
  }

  /** The snapshot's buckets (summed at upload), a page at a time. */
  bucketPages(snapshotId: number): AsyncGenerator<HoldingGroup[]> {
    return this.holdings.bucketPages(snapshotId);
  }

  /** What a snapshot holds, one row per issuer, designation and sector. */
  heldIn(snapshotId: number): Promise<Array<{ issuerId: number; naic: number | null; sector: string | null }>> {
    return this.holdings.heldIn(snapshotId);
  }

  /** The snapshot's lots of these issuers, a primary-key range of rows at a time: the caller lets the event loop turn between them. */
  lotsOf(snapshotId: number, issuerIds: number[]): AsyncGenerator<LotRow[]> {
    return this.holdings.lotsOf(snapshotId, issuerIds);
  }
}
