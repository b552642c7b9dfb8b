import { UploadRejected } from '../common/errors.js';
import { DurationTable, dollarDurationCents } from '../risk/duration.js';
import type { HoldingGroup } from '../risk/positions.js';
import type { HoldingRow } from './holding-row.js';

/**
 * A bucket being summed, with its bonds' market value by maturity date for their dollar duration
 * at the end: a bucket has a few dates, so parallel arrays scanned beat a Map per bucket.
 */
interface OpenBucket {
  group: Omit<HoldingGroup, 'dollarDurationCents'>;
  maturityDates: string[];
  marketByDate: number[];
}

/**
 * Sums rows into projection buckets as they are read, in exact integer cents. An issuer has a
 * few dozen buckets at most, so each row scans its issuer's list: no key strings to build.
 */
export class SnapshotBuckets {
  private readonly byIssuer = new Map<number, OpenBucket[]>();
  /** The snapshot's: a row with another as-of date is refused before it is added. */
  private asOfDate = '';

  add(row: HoldingRow, issuerId: number): void {
    this.asOfDate ||= row.asOfDate;
    let buckets = this.byIssuer.get(issuerId);
    if (!buckets) this.byIssuer.set(issuerId, (buckets = []));
    let bucket = buckets.find((b) => fits(b.group, row));
    if (!bucket) {
      const group = {
        issuerId,
        assetType: row.assetType,
        maturityMonth: row.maturityDate?.slice(0, 7) ?? null,
        couponRate: row.couponRate,
        naic: naicOf(row),
        sector: row.sector,
        parCents: 0,
        marketCents: 0,
        bookCents: 0,
      };
      buckets.push((bucket = { group, maturityDates: [], marketByDate: [] }));
    }
    const { group } = bucket;
    group.parCents += row.parCents;
    group.marketCents += row.marketCents;
    group.bookCents += row.bookCents;
    if (row.assetType === 'BOND' && row.maturityDate) addByDate(bucket, row.maturityDate, row.marketCents);
    if (!Number.isSafeInteger(group.parCents + group.marketCents + group.bookCents)) {
      throw new UploadRejected('The amounts are too large to add up exactly', [
        { row: row.rowNo, column: 'par_value', message: 'the holdings of this security add up to more than 90 trillion dollars' },
      ]);
    }
  }

  /** Each bucket with its dollar duration: every bond's modified duration to its own maturity date x its market value. */
  *all(): IterableIterator<HoldingGroup> {
    const durations = new DurationTable(this.asOfDate);
    for (const buckets of this.byIssuer.values()) {
      for (const { group, maturityDates, marketByDate } of buckets) {
        const marketByMaturity = new Map(maturityDates.map((date, i) => [date, marketByDate[i]]));
        yield { ...group, dollarDurationCents: dollarDurationCents(group.couponRate, marketByMaturity, durations) };
      }
    }
  }
}

function addByDate(bucket: OpenBucket, maturityDate: string, marketCents: number): void {
  const i = bucket.maturityDates.indexOf(maturityDate);
  if (i === -1) {
    bucket.maturityDates.push(maturityDate);
    bucket.marketByDate.push(marketCents);
  } else bucket.marketByDate[i] += marketCents;
}

function naicOf(row: HoldingRow): number | null {
  return row.naicDesignation ? row.naicDesignation.charCodeAt(0) - 48 : null;
}

function fits(group: OpenBucket['group'], row: HoldingRow): boolean {
  return (
    group.assetType === row.assetType &&
    group.couponRate === row.couponRate &&
    group.naic === naicOf(row) &&
    group.sector === row.sector &&
    (row.maturityDate === null
      ? group.maturityMonth === null
      : group.maturityMonth !== null && row.maturityDate.startsWith(group.maturityMonth))
  );
}
