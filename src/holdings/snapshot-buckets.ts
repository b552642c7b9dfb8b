import type { HoldingGroup } from '../risk/positions.js';
import type { HoldingRow } from './holding-row.js';

/**
 * Sums rows into projection buckets as they are read, in exact integer cents. Lots of one
 * security share a bucket, so a row is first tried against its CUSIP's (or ISIN's) bucket, which
 * costs no key building; the full key decides when that bucket does not fit.
 */
export class SnapshotBuckets {
  private readonly byKey = new Map<string, HoldingGroup>();
  private readonly bySecurity = new Map<string, HoldingGroup>();

  add(row: HoldingRow, issuerId: number): void {
    const security = row.cusip ?? row.isin;
    let group = security ? this.bySecurity.get(security) : undefined;
    if (!group || !fits(group, row, issuerId)) {
      group = this.groupFor(row, issuerId);
      if (security && !this.bySecurity.has(security)) this.bySecurity.set(security, group);
    }
    group.parCents += row.parCents;
    group.marketCents += row.marketCents;
    group.bookCents += row.bookCents;
  }

  all(): IterableIterator<HoldingGroup> {
    return this.byKey.values();
  }

  private groupFor(row: HoldingRow, issuerId: number): HoldingGroup {
    const maturityMonth = row.maturityDate?.slice(0, 7) ?? null;
    const naic = naicOf(row);
    const key = `${issuerId}|${row.assetType}|${maturityMonth}|${row.couponRate}|${naic}|${row.sector}`;
    let group = this.byKey.get(key);
    if (!group) {
      group = { issuerId, assetType: row.assetType, maturityMonth, couponRate: row.couponRate, naic, sector: row.sector, parCents: 0, marketCents: 0, bookCents: 0 };
      this.byKey.set(key, group);
    }
    return group;
  }
}

function naicOf(row: HoldingRow): number | null {
  return row.naicDesignation ? row.naicDesignation.charCodeAt(0) - 48 : null;
}

function fits(group: HoldingGroup, row: HoldingRow, issuerId: number): boolean {
  return (
    group.issuerId === issuerId &&
    group.assetType === row.assetType &&
    group.couponRate === row.couponRate &&
    group.naic === naicOf(row) &&
    group.sector === row.sector &&
    (row.maturityDate === null ? group.maturityMonth === null : group.maturityMonth !== null && row.maturityDate.startsWith(group.maturityMonth))
  );
}
