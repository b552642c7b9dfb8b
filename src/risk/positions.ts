import { monthEnd } from '../common/dates.js';
import type { FamilyPosition, HoldingBucket } from './model.js';

/** A row of the one GROUP BY over a snapshot's holdings. */
export interface HoldingGroup {
  issuerId: number;
  assetType: 'BOND' | 'CDS_PROTECTION';
  /** `YYYY-MM` of the maturity, or null */
  maturityMonth: string | null;
  couponRate: number | null;
  /** the designation's number 1..6, or null when unrated */
  naic: number | null;
  sector: string | null;
  /** The holdings' own currency (ISO 4217); the amounts are in the portfolio's base currency */
  currency: string;
  parCents: number;
  marketCents: number;
  bookCents: number;
  /** See HoldingBucket */
  dollarDurationCents: number;
}

interface FamilyTotals {
  buckets: Map<string, HoldingBucket>;
  naicWeight: number;
  naicValue: number;
  sectors: Map<string, number>;
}

/**
 * Rolls issuer groups up into families by kind, maturity month, own designation (NAIC_RANGE and
 * holdingsFilter count holdings by it) and currency (an FX shock moves one currency), fed a page of groups at a time so that a caller can pause
 * between pages. A family's NAIC designation is the market-value-weighted average of its rated
 * bonds, rounded up (towards the worse designation); its sector is the one holding the most
 * market value.
 */
export class FamilyRollup {
  private readonly families = new Map<number, FamilyTotals>();
  /** Thousands of buckets share a few hundred maturity months. */
  private readonly monthEnds = new Map<string, string>();

  constructor(
    private readonly familyOf: (issuerId: number) => number,
    /** limitExempt issuers: their holdings are kept in buckets of their own */
    private readonly isExempt: (issuerId: number) => boolean = () => false,
  ) {}

  add(groups: HoldingGroup[]): void {
    for (const group of groups) {
      const familyId = this.familyOf(group.issuerId);
      let family = this.families.get(familyId);
      if (!family) this.families.set(familyId, (family = { buckets: new Map(), naicWeight: 0, naicValue: 0, sectors: new Map() }));
      addToBucket(family.buckets, group, this.isExempt(group.issuerId), this.monthEnds);
      if (group.assetType !== 'BOND') continue;
      if (group.naic !== null) {
        family.naicWeight += group.marketCents * group.naic;
        family.naicValue += group.marketCents;
      }
      if (group.sector) family.sectors.set(group.sector, (family.sectors.get(group.sector) ?? 0) + group.marketCents);
    }
  }

  positions(nameOf: (familyId: number) => string): FamilyPosition[] {
    return [...this.families].map(([familyId, f]) => ({
      familyId,
      name: nameOf(familyId),
      sector: dominant(f.sectors),
      naic: f.naicValue > 0 ? Math.ceil(f.naicWeight / f.naicValue - 1e-9) : null,
      buckets: [...f.buckets.values()],
    }));
  }
}

function addToBucket(buckets: Map<string, HoldingBucket>, g: HoldingGroup, exempt: boolean, monthEnds: Map<string, string>): void {
  const key = `${g.assetType}|${g.maturityMonth}|${g.naic}|${exempt}|${g.currency}`;
  const bucket = buckets.get(key);
  if (bucket) {
    bucket.parCents += g.parCents;
    bucket.marketCents += g.marketCents;
    bucket.bookCents += g.bookCents;
    bucket.dollarDurationCents += g.dollarDurationCents;
    return;
  }
  const maturityMonthEnd = g.maturityMonth ? maturityMonthEndOf(g.maturityMonth, monthEnds) : null;
  const { assetType, naic, currency, parCents, marketCents, bookCents, dollarDurationCents } = g;
  const created: HoldingBucket = { assetType, naic, maturityMonthEnd, currency, parCents, marketCents, bookCents, dollarDurationCents };
  buckets.set(key, exempt ? { ...created, exempt } : created);
}

function maturityMonthEndOf(month: string, monthEnds: Map<string, string>): string {
  let end = monthEnds.get(month);
  if (end === undefined) monthEnds.set(month, (end = monthEnd(Number(month.slice(0, 4)), Number(month.slice(5, 7)))));
  return end;
}

function dominant(sectors: Map<string, number>): string | null {
  let best: [string, number] | null = null;
  for (const entry of [...sectors].sort(([a], [b]) => a.localeCompare(b))) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0] ?? null;
}
