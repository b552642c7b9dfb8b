import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { positional } from '../database/sql.js';

/** A lot of the holdings as the breach breakdown reads it: plain columns, amounts in cents. */
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
  maturity_date: string | null;
  naic_designation: string | null;
}

/** Rows of a snapshot looked at per query: a primary-key range, a few milliseconds each. */
const ROWS_PER_SCAN = 50_000;

/**
 * The lots behind a breach, read from the holdings of a snapshot. The holdings are the holdings
 * module's table; SnapshotsService has no read of lots by issuer yet, so this scan stays here, as
 * it was, until it has one.
 */
@Injectable()
export class BreachLotsRepository {
  constructor(private readonly db: Database) {}

  /**
   * The snapshot's lots of these issuers, one primary-key range (rows are numbered by their line in
   * the file) a query: the caller lets the event loop turn between them.
   */
  async *scan(snapshotId: number, issuerIds: number[]): AsyncGenerator<LotRow[]> {
    const [last]: Array<{ n: number | string | null }> = await this.db.reads.query(
      positional(this.db.kind, 'SELECT MAX(row_no) AS n FROM holdings WHERE snapshot_id = ?'),
      [snapshotId],
    );
    const lastRow = Number(last.n ?? 0);
    const sql = positional(
      this.db.kind,
      `SELECT row_no, issuer_id, issuer_name, asset_type, cusip, isin, par_cents, market_cents, book_cents, maturity_date, naic_designation
         FROM holdings WHERE snapshot_id = ? AND row_no > ? AND row_no <= ? AND issuer_id IN (${issuerIds.map(() => '?').join(', ')})`,
    );
    for (let from = 0; from < lastRow; from += ROWS_PER_SCAN)
      yield await this.db.reads.query(sql, [snapshotId, from, from + ROWS_PER_SCAN, ...issuerIds]);
  }
}
