import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cents } from './column-builders.js';
import { DurationTable, dollarDurationCents } from './frozen/dollar-duration-1764600000000.js';

interface MaturityRow {
  issuer_id: number;
  maturity_month: string;
  coupon_rate: string | number | null;
  naic: string | number | null;
  sector: string | null;
  maturity_date: string;
  market_cents: string | number;
}

type BucketRow = Omit<MaturityRow, 'maturity_date' | 'market_cents'> & { bucket_no: number };

/** The columns that make a bond bucket, alike from both databases (PostgreSQL answers numeric as text). */
function bucketKey(r: Omit<BucketRow, 'bucket_no'>): string {
  const number = (value: string | number | null) => (value === null ? null : Number(value));
  return JSON.stringify([Number(r.issuer_id), r.maturity_month, number(r.coupon_rate), number(r.naic), r.sector]);
}

/**
 * The spread shock takes each bond's modified duration to its own maturity date, not its month's
 * end: each snapshot bucket keeps its bonds' dollar duration (modified duration x market value),
 * summed at upload. The snapshots uploaded before get it here from their holdings, by the same
 * function as an upload: market value summed by maturity date, each date's duration once.
 */
export class AddDollarDuration1764600000000 implements MigrationInterface {
  name = 'AddDollarDuration1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.addColumn('snapshot_buckets', new TableColumn({ ...cents('dollar_duration_cents'), default: 0 }));
    const snapshots: Array<{ id: number; as_of_date: string }> = await db.query(
      'SELECT id, as_of_date FROM snapshots WHERE id IN (SELECT DISTINCT snapshot_id FROM snapshot_buckets) ORDER BY id',
    );
    for (const snapshot of snapshots) await fillSnapshot(db, snapshot.id, snapshot.as_of_date);
    await db.changeColumn('snapshot_buckets', 'dollar_duration_cents', new TableColumn(cents('dollar_duration_cents')));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropColumn('snapshot_buckets', 'dollar_duration_cents');
  }
}

async function fillSnapshot(db: QueryRunner, snapshotId: number, asOfDate: string): Promise<void> {
  const postgres = db.connection.options.type === 'postgres';
  const sql = (text: string) => {
    let n = 0;
    return postgres ? text.replace(/\?/g, () => `$${++n}`) : text;
  };
  const rows: MaturityRow[] = await db.query(
    sql(`SELECT issuer_id, substr(maturity_date, 1, 7) AS maturity_month, coupon_rate, CAST(substr(naic_designation, 1, 1) AS INTEGER) AS naic,
            sector, maturity_date, SUM(market_cents) AS market_cents
       FROM holdings WHERE snapshot_id = ? AND asset_type = 'BOND' AND maturity_date IS NOT NULL
      GROUP BY issuer_id, coupon_rate, substr(naic_designation, 1, 1), sector, maturity_date`),
    [snapshotId],
  );
  const marketByBucket = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const key = bucketKey(row);
    const byMaturity = marketByBucket.get(key) ?? new Map<string, number>();
    marketByBucket.set(key, byMaturity.set(row.maturity_date, Number(row.market_cents)));
  }
  const buckets: BucketRow[] = await db.query(
    sql(
      `SELECT bucket_no, issuer_id, maturity_month, coupon_rate, naic, sector FROM snapshot_buckets WHERE snapshot_id = ? AND asset_type = 'BOND'`,
    ),
    [snapshotId],
  );
  const durations = new DurationTable(asOfDate);
  const update = sql('UPDATE snapshot_buckets SET dollar_duration_cents = ? WHERE snapshot_id = ? AND bucket_no = ?');
  for (const bucket of buckets) {
    const byMaturity = marketByBucket.get(bucketKey(bucket));
    const coupon = bucket.coupon_rate === null ? null : Number(bucket.coupon_rate);
    if (byMaturity) await db.query(update, [dollarDurationCents(coupon, byMaturity, durations), snapshotId, bucket.bucket_no]);
  }
}
