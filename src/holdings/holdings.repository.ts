import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { TimeSlicer } from '../common/time-slice.js';
import { BulkInserter } from '../database/bulk-insert.js';
import { Database } from '../database/database.js';
import { positional } from '../database/sql.js';
import { HoldingEntity } from './holding.entity.js';
import { HOLDING_TABLE_COLUMNS } from './holding-batch.js';
import type { HoldingGroup } from '../risk/positions.js';
import { SnapshotEntity } from './snapshot.entity.js';

const BUCKET_TABLE_COLUMNS = [
  'snapshot_id',
  'bucket_no',
  'issuer_id',
  'asset_type',
  'maturity_month',
  'coupon_rate',
  'naic',
  'sector',
  'currency',
  'par_cents',
  'market_cents',
  'book_cents',
  'dollar_duration_cents',
] as const;

const BUCKETS_PER_READ = 2000;

/** PostgreSQL answers bigint and numeric as strings. */
interface RawBucket {
  bucket_no: number;
  issuer_id: number;
  asset_type: HoldingGroup['assetType'];
  maturity_month: string | null;
  coupon_rate: string | number | null;
  naic: number | null;
  sector: string | null;
  currency: string;
  par_cents: string | number;
  market_cents: string | number;
  book_cents: string | number;
  dollar_duration_cents: string | number;
}

function toHoldingGroup(r: RawBucket): HoldingGroup {
  return {
    issuerId: r.issuer_id,
    assetType: r.asset_type,
    maturityMonth: r.maturity_month,
    couponRate: r.coupon_rate === null ? null : Number(r.coupon_rate),
    naic: r.naic,
    sector: r.sector,
    currency: r.currency,
    parCents: Number(r.par_cents),
    marketCents: Number(r.market_cents),
    bookCents: Number(r.book_cents),
    dollarDurationCents: Number(r.dollar_duration_cents),
  };
}

/** A lot of the holdings as the breach breakdown reads it: plain columns, amounts in cents (of the base currency; original_* in `currency`, null when that is the base). */
export interface LotRow {
  row_no: number;
  issuer_id: number;
  issuer_name: string;
  asset_type: string;
  cusip: string | null;
  isin: string | null;
  par_cents: string | number;
  market_cents: string | number;
  book_cents: string | number;
  currency: string;
  original_par_cents: string | number | null;
  original_market_cents: string | number | null;
  original_book_cents: string | number | null;
  maturity_date: string | null;
  naic_designation: string | null;
}

/** Rows of a snapshot looked at per query: a primary-key range, a few milliseconds each. */
const ROWS_PER_SCAN = 50_000;

@Injectable()
export class HoldingsRepository {
  constructor(private readonly db: Database) {}

  findDuplicate(
    portfolioId: number,
    contentSha256: string,
    asOfDate: string,
    tx: EntityManager = this.db.reads.manager,
  ): Promise<SnapshotEntity | null> {
    return tx.getRepository(SnapshotEntity).findOne({
      where: { portfolioId, contentSha256, asOfDate },
      order: { id: 'ASC' },
    });
  }

  insertSnapshot(tx: EntityManager, snapshot: Omit<SnapshotEntity, 'id'>): Promise<SnapshotEntity> {
    return tx.getRepository(SnapshotEntity).save(snapshot);
  }

  async completeSnapshot(tx: EntityManager, id: number, done: Pick<SnapshotEntity, 'asOfDate' | 'rowCount' | 'fxRates'>): Promise<void> {
    await tx.getRepository(SnapshotEntity).update({ id }, done);
  }

  /** Writes the reader's batches, as values (see holdingValues), in the caller's transaction. */
  holdingsWriter(tx: EntityManager): BulkInserter {
    return new BulkInserter(tx, 'holdings', HOLDING_TABLE_COLUMNS);
  }

  async insertBuckets(tx: EntityManager, snapshotId: number, groups: Iterable<HoldingGroup>): Promise<void> {
    const inserter = new BulkInserter(tx, 'snapshot_buckets', BUCKET_TABLE_COLUMNS);
    const slicer = new TimeSlicer();
    let bucketNo = 0;
    for (const g of groups) {
      await inserter.add([
        snapshotId,
        ++bucketNo,
        g.issuerId,
        g.assetType,
        g.maturityMonth,
        g.couponRate,
        g.naic,
        g.sector,
        g.currency,
        g.parCents,
        g.marketCents,
        g.bookCents,
        g.dollarDurationCents,
      ]);
      await slicer.pause();
    }
    await inserter.finish();
  }

  /**
   * The projection's one read: the snapshot's buckets, summed at upload, as plain rows a page at a
   * time, so that the caller can let others in between pages (hydrating 40,000 bucket entities at
   * once held every request for 1.6 s).
   */
  async *bucketPages(snapshotId: number): AsyncGenerator<HoldingGroup[]> {
    const sql = positional(
      this.db.kind,
      `SELECT bucket_no, issuer_id, asset_type, maturity_month, coupon_rate, naic, sector, currency, par_cents, market_cents, book_cents,
      dollar_duration_cents FROM snapshot_buckets WHERE snapshot_id = ? AND bucket_no > ? ORDER BY bucket_no LIMIT ${BUCKETS_PER_READ}`,
    );
    for (let after = 0; ;) {
      const rows: RawBucket[] = await this.db.reads.query(sql, [snapshotId, after]);
      yield rows.map(toHoldingGroup);
      if (rows.length < BUCKETS_PER_READ) return;
      after = rows[rows.length - 1].bucket_no;
    }
  }

  /** What a snapshot holds, one row per issuer, designation and sector: for a limit to say when it covers none of it. */
  async heldIn(snapshotId: number): Promise<Array<{ issuerId: number; naic: number | null; sector: string | null }>> {
    const rows: Array<{ issuer_id: number; naic: number | null; sector: string | null }> = await this.db.reads.query(
      positional(this.db.kind, 'SELECT DISTINCT issuer_id, naic, sector FROM snapshot_buckets WHERE snapshot_id = ?'),
      [snapshotId],
    );
    return rows.map((row) => ({ issuerId: Number(row.issuer_id), naic: row.naic === null ? null : Number(row.naic), sector: row.sector }));
  }

  listSnapshots(portfolioId: number, take: number, skip: number): Promise<[SnapshotEntity[], number]> {
    return this.db.reads.getRepository(SnapshotEntity).findAndCount({
      where: { portfolioId },
      order: { asOfDate: 'DESC', id: 'DESC' },
      take,
      skip,
    });
  }

  /** The portfolio's current holdings: its newest snapshot by as-of date, then by upload. */
  currentSnapshot(portfolioId: number, manager: EntityManager = this.db.reads.manager): Promise<SnapshotEntity | null> {
    return manager.getRepository(SnapshotEntity).findOne({ where: { portfolioId }, order: { asOfDate: 'DESC', id: 'DESC' } });
  }

  findSnapshot(id: number): Promise<SnapshotEntity | null> {
    return this.db.reads.getRepository(SnapshotEntity).findOneBy({ id });
  }

  snapshotsByIds(ids: number[]): Promise<SnapshotEntity[]> {
    return this.db.reads.getRepository(SnapshotEntity).findBy({ id: In(ids) });
  }

  listHoldings(snapshotId: number, take: number, skip: number): Promise<[HoldingEntity[], number]> {
    return this.db.reads.getRepository(HoldingEntity).findAndCount({ where: { snapshotId }, order: { rowNo: 'ASC' }, take, skip });
  }

  /**
   * The snapshot's lots of these issuers, one primary-key range (rows are numbered by their line in
   * the file) a query: the caller lets the event loop turn between them.
   */
  async *lotsOf(snapshotId: number, issuerIds: number[]): AsyncGenerator<LotRow[]> {
    const [last]: Array<{ n: number | string | null }> = await this.db.reads.query(
      positional(this.db.kind, 'SELECT MAX(row_no) AS n FROM holdings WHERE snapshot_id = ?'),
      [snapshotId],
    );
    const lastRow = Number(last.n ?? 0);
    const sql = positional(
      this.db.kind,
      `SELECT row_no, issuer_id, issuer_name, asset_type, cusip, isin, par_cents, market_cents, book_cents, currency, original_par_cents,
              original_market_cents, original_book_cents, maturity_date, naic_designation
         FROM holdings WHERE snapshot_id = ? AND row_no > ? AND row_no <= ? AND issuer_id IN (${issuerIds.map(() => '?').join(', ')})`,
    );
    for (let from = 0; from < lastRow; from += ROWS_PER_SCAN)
      yield await this.db.reads.query(sql, [snapshotId, from, from + ROWS_PER_SCAN, ...issuerIds]);
  }
}
