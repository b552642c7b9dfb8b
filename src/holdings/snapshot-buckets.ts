import { UploadRejected } from '../common/errors.js';
import type { HoldingGroup } from '../risk/positions.js';
import type { HoldingRow } from './holding-row.js';

/**
 * Sums rows into projection buckets as they are read, in exact integer cents. An issuer has a
 * few dozen buckets at most, so each row scans its issuer's list: no key strings to build.
 */
export class SnapshotBuckets {
  private readonly byIssuer = new Map<number, HoldingGroup[]>();

  add(row: HoldingRow, issuerId: number): void {
    let groups = this.byIssuer.get(issuerId);
    if (!groups) this.byIssuer.set(issuerId, (groups = []));
    let group = groups.find((g) => fits(g, row));
    if (!group) {
      group = {
        issuerId, assetType: row.assetType, maturityMonth: row.maturityDate?.slice(0, 7) ?? null, couponRate: row.couponRate,
        naic: naicOf(row), sector: row.sector, parCents: 0, marketCents: 0, bookCents: 0,
      };
      groups.push(group);
    }
    group.parCents += row.parCents;
    group.marketCents += row.marketCents;
    group.bookCents += row.bookCents;
    if (!Number.isSafeInteger(group.parCents + group.marketCents + group.bookCents)) {
      throw new UploadRejected('The amounts are too large to add up exactly', [{ row: row.rowNo, column: 'par_value', message: 'the holdings of this security add up to more than 90 trillion dollars' }]);
    }
  }

  *all(): IterableIterator<HoldingGroup> {
    for (const groups of this.byIssuer.values()) yield* groups;
  }
}

function naicOf(row: HoldingRow): number | null {
  return row.naicDesignation ? row.naicDesignation.charCodeAt(0) - 48 : null;
}

function fits(group: HoldingGroup, row: HoldingRow): boolean {
  return (
    group.assetType === row.assetType &&
    group.couponRate === row.couponRate &&
    group.naic === naicOf(row) &&
    group.sector === row.sector &&
    (row.maturityDate === null ? group.maturityMonth === null : group.maturityMonth !== null && row.maturityDate.startsWith(group.maturityMonth))
  );
}
