import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { centsToNumber } from '../common/money.js';
import { naicNumber } from '../common/naic.js';
import { SnapshotsService, type LotRow } from '../holdings/snapshots.service.js';
import { familyIndex } from '../issuers/family.js';
import { IssuersService } from '../issuers/issuers.service.js';
import { counts } from '../risk/limits.js';
import type { Measure, NaicRange } from '../risk/model.js';
import type { BreakdownView } from './breach.dto.js';
import type { BreachEntity } from './breach.entity.js';

/** Lots listed with a breach: the largest, enough to see what makes the exposure. */
const LOTS_LISTED = 50;
const MEMBERS_LISTED = 100;

const MEASURE_COLUMN: Record<Measure, string> = { MARKET_VALUE: 'market_cents', BOOK_VALUE: 'book_cents', PAR: 'par_cents' };

/**
 * The holdings behind a breach, read from the current snapshot: each member issuer's exposure at
 * the limit's measure (net of CDS protection, which counts negative), and the lots largest first;
 * only the lots of the designations the limit counts (NAIC_RANGE, holdingsFilter), and under an
 * EACH_ISSUER_FAMILY limit none of limitExempt issuers.
 * A million-row snapshot is read in primary-key ranges with a turn of the event loop between them.
 */
@Injectable()
export class BreachBreakdown {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly issuers: IssuersService,
  ) {}

  async of(breach: BreachEntity, measure: Measure, designations: NaicRange | null = null, leavesOutExempt = false): Promise<BreakdownView> {
    const snapshot = await this.snapshots.current(breach.portfolioId);
    const empty: BreakdownView = { snapshotId: snapshot?.id ?? null, measure, members: [], membersTotal: 0, lots: [], lotsTotal: 0 };
    if (!snapshot) return empty;
    const issuers = await this.issuersIn(familiesOf(breach), leavesOutExempt);
    if (!issuers.size) return empty;
    const { lots, total, byIssuer } = await this.lots(snapshot.id, [...issuers.keys()], measure, designations);
    const members = [...byIssuer]
      .map(([issuerId, cents]) => ({ ...issuers.get(issuerId)!, issuerId, exposureCents: cents }))
      .sort((a, b) => b.exposureCents - a.exposureCents || a.issuerId - b.issuerId);
    return {
      ...empty,
      members: members.slice(0, MEMBERS_LISTED).map(({ exposureCents, ...m }) => ({
        issuerId: m.issuerId,
        name: m.name,
        lei: m.lei,
        familyId: m.familyId,
        exposure: centsToNumber(exposureCents),
      })),
      membersTotal: members.length,
      lots: lots.map((l) => toLot(l, measure)),
      lotsTotal: total,
    };
  }

  /** The issuers whose family is one of these, with their names; limitExempt ones left out if asked. */
  private async issuersIn(
    families: Set<number>,
    leavesOutExempt: boolean,
  ): Promise<Map<number, { name: string; lei: string | null; familyId: number }>> {
    const issuers = await this.issuers.links();
    const family = familyIndex(issuers);
    const found = new Map<number, { name: string; lei: string | null; familyId: number }>();
    for (const { id, name, lei, limitExempt } of issuers) {
      const familyId = family.get(id)!;
      if (families.has(familyId) && !(leavesOutExempt && limitExempt)) found.set(id, { name, lei, familyId });
    }
    return found;
  }

  /** The largest lots of these issuers, their count and each issuer's net exposure, one primary-key range at a time. */
  private async lots(snapshotId: number, issuerIds: number[], measure: Measure, designations: NaicRange | null) {
    const column = MEASURE_COLUMN[measure];
    let largest: LotRow[] = [];
    let total = 0;
    const byIssuer = new Map<number, number>();
    for await (const read of this.snapshots.lotsOf(snapshotId, issuerIds)) {
      const rows = designations ? read.filter((row) => counts(designations, naicNumber(row.naic_designation))) : read;
      for (const row of rows) byIssuer.set(row.issuer_id, (byIssuer.get(row.issuer_id) ?? 0) + contributionCents(row, column));
      total += rows.length;
      largest = [...largest, ...rows]
        .sort((a, b) => Math.abs(contributionCents(b, column)) - Math.abs(contributionCents(a, column)) || a.row_no - b.row_no)
        .slice(0, LOTS_LISTED);
      await nextTurn();
    }
    return { lots: largest, total, byIssuer };
  }
}

/** A family breach names its family; an aggregate lists its families (",12,40,"). */
function familiesOf(breach: BreachEntity): Set<number> {
  const ids = breach.memberIds ?? (breach.scopeKey.startsWith('family:') ? `,${breach.scopeKey.slice('family:'.length)},` : ',');
  return new Set(ids.split(',').filter(Boolean).map(Number));
}

/** What a lot adds to the exposure: its value at the measure, or minus the notional of CDS protection. */
function contributionCents(row: LotRow, column: string): number {
  return row.asset_type === 'CDS_PROTECTION' ? -Number(row.par_cents) : Number(row[column as keyof LotRow]);
}

function toLot(row: LotRow, measure: Measure) {
  return {
    row: row.row_no,
    issuer: row.issuer_name,
    assetType: row.asset_type,
    cusip: row.cusip,
    isin: row.isin,
    par: centsToNumber(Number(row.par_cents)),
    marketValue: centsToNumber(Number(row.market_cents)),
    bookValue: centsToNumber(Number(row.book_cents)),
    maturityDate: row.maturity_date,
    naicDesignation: row.naic_designation,
    contribution: centsToNumber(contributionCents(row, MEASURE_COLUMN[measure])),
    currency: row.currency,
    originalPar: centsToNumber(Number(row.original_par_cents ?? row.par_cents)),
    originalMarketValue: centsToNumber(Number(row.original_market_cents ?? row.market_cents)),
    originalBookValue: centsToNumber(Number(row.original_book_cents ?? row.book_cents)),
  };
}
