import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { SYSTEM_ACTOR, type Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { monthEndsAfter } from '../common/dates.js';
import { Conflict, DomainError, NotFound } from '../common/errors.js';
import { naicNumber } from '../common/naic.js';
import { SnapshotsService } from '../holdings/snapshots.service.js';
import { formatCents } from '../common/money.js';
import { FxRatesService, type FxConversion } from '../fx/fx-rates.service.js';
import type { DealEntity } from '../issuance/deal.entity.js';
import { DealsService } from '../issuance/deals.service.js';
import { ScenariosService } from '../issuance/scenarios.service.js';
import { familyIndex } from '../issuers/family.js';
import { IssuersService } from '../issuers/issuers.service.js';
import type { LimitVersionEntity } from '../limits/limit.entity.js';
import { LimitsService } from '../limits/limits.service.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { dealCapacity } from '../risk/capacity.js';
import { convertCents } from '../risk/fx.js';
import { familyName } from '../risk/exposure.js';
import { inForceOn } from '../risk/limits.js';
import type { Deal, Limit, ProjectionInput, Scope } from '../risk/model.js';
import { FamilyRollup, type HoldingGroup } from '../risk/positions.js';
import { project } from '../risk/projection.js';
import { toCapacityView, toExposureView } from './projection.dto.js';

export const DEFAULT_HORIZON = 24;

/** A portfolio's projection input, all but the scenario, and what it was read from. */
export interface PortfolioInput {
  input: Omit<ProjectionInput, 'scenario'>;
  portfolioId: number;
  snapshotId: number;
  /** The limit versions in force today or at a month end of the horizon */
  limitVersions: Array<{ id: number; version: number }>;
  /** What `input.families` were rolled up with, for a pre-trade check to add its trades to */
  rollup: FamilyRollup;
  familyOf: (issuerId: number) => number;
}

/** Where a snapshot's bucket rows come from: the database, a page at a time, unless a caller keeps them. */
export type BucketPages = (snapshotId: number) => AsyncIterable<HoldingGroup[]>;

type GoverningVersion = LimitVersionEntity & { supersededOn: string | null };

/** Feeds the pure risk core: the current snapshot's buckets (one small read), the limits, the deals. */
@Injectable()
export class ProjectionService {
  constructor(
    private readonly portfolios: PortfoliosService,
    private readonly snapshots: SnapshotsService,
    private readonly limits: LimitsService,
    private readonly scenarios: ScenariosService,
    private readonly clock: Clock,
    private readonly issuers: IssuersService,
    private readonly deals: DealsService,
    private readonly fx: FxRatesService,
  ) {}

  async exposures(actor: Actor, code: string, scenarioName = 'base', horizonMonths = DEFAULT_HORIZON) {
    const portfolio = await this.portfolios.require(code, actor);
    const [scenario] = await this.scenarios.byNames([scenarioName]);
    const { input, snapshotId } = await this.inputFor(code, horizonMonths);
    return {
      portfolio: code,
      snapshotId,
      asOfDate: input.portfolio.asOfDate,
      currency: portfolio.baseCurrency,
      scenario: scenario.name,
      horizonMonths,
      items: project({ ...input, scenario }).map(toExposureView),
    };
  }

  /**
   * The most of a deal the portfolio can take without breaching, other deals at their base
   * expectation, and the limit and date that stop more.
   */
  async capacity(actor: Actor, dealId: number, code: string) {
    const portfolio = await this.portfolios.require(code, actor);
    const deal = await this.deals.find(dealId);
    if (!deal) throw new NotFound(`Deal ${dealId}`);
    const [base] = await this.scenarios.byNames(['base']);
    const { input } = await this.inputFor(code, DEFAULT_HORIZON);
    const { asOfDate } = input.portfolio;
    if (deal.expectedDate <= asOfDate) {
      throw new DomainError(
        422,
        `Deal ${dealId} is expected on ${deal.expectedDate}, on or before the as-of date ${asOfDate} of portfolio ${code}'s holdings: ` +
          'it is taken to be in the holdings already, so there is no allocation left to size',
      );
    }
    const projected = input.deals.find((d) => d.id === deal.id)!;
    const familyId = projected.familyId;
    const capacity = dealCapacity({ ...input, scenario: base }, deal.id);
    return toCapacityView(
      {
        dealId,
        portfolio: code,
        familyId,
        familyName: familyName(input, familyId),
        expectedDate: deal.expectedDate,
        // In the base currency, converted at the snapshot's as-of date
        amountCents: projected.amountCents,
        currency: portfolio.baseCurrency,
      },
      capacity,
    );
  }

  /** Everything but the scenario: read once, projected under as many scenarios as asked (callers check the actor may see the portfolio). */
  async inputFor(
    code: string,
    horizonMonths: number,
    bucketPages: BucketPages = (id) => this.snapshots.bucketPages(id),
  ): Promise<PortfolioInput> {
    const portfolio = await this.portfolios.require(code, SYSTEM_ACTOR);
    const snapshot = await this.snapshots.current(portfolio.id);
    if (!snapshot) throw new Conflict(`Portfolio ${code} has no holdings yet: upload a holdings file first`);
    if (snapshot.baseCurrency !== portfolio.baseCurrency)
      throw new Conflict(
        `The current holdings of portfolio ${code} are in ${snapshot.baseCurrency}, its base currency is ${portfolio.baseCurrency}: upload the holdings again`,
      );
    const issuers = await this.issuers.links();
    const family = familyIndex(issuers);
    const names = new Map(issuers.map((i) => [i.id, i.name]));
    const familyOf = (issuerId: number) => family.get(issuerId) ?? issuerId;
    // A deal dated on or before the snapshot is taken to be in the holdings already.
    const deals = (await this.deals.all()).filter((d) => d.expectedDate > snapshot.asOfDate);
    const dealAmounts = await convertedAmounts(this.fx, deals, snapshot.asOfDate, snapshot.baseCurrency);
    const today = this.clock.nowIso().slice(0, 10);
    const limitVersions = await this.limits.inForce(portfolio.id, today);
    const exempt = new Set(issuers.filter((i) => i.limitExempt).map((i) => i.id));
    const rollup = new FamilyRollup(familyOf, (issuerId) => exempt.has(issuerId));
    for await (const page of bucketPages(snapshot.id)) {
      rollup.add(page);
      await nextTurn(); // tens of thousands of buckets: requests waiting go between pages
    }
    const input: Omit<ProjectionInput, 'scenario'> = {
      portfolio: {
        asOfDate: snapshot.asOfDate,
        baseCurrency: snapshot.baseCurrency,
        admittedAssetsCents: portfolio.admittedAssetsCents,
        capitalSurplusCents: portfolio.capitalAndSurplusCents,
        participationRate: portfolio.participationRate,
      },
      evaluationDate: today,
      familyNames: names,
      families: rollup.positions((id) => names.get(id) ?? `issuer ${id}`),
      deals: deals.map((d, i): Deal => ({
        id: d.id,
        familyId: familyOf(d.issuerId),
        expectedDate: d.expectedDate,
        amountCents: dealAmounts[i],
        currency: d.currency,
        probability: d.probability,
        naic: naicNumber(d.naicDesignation),
        exempt: exempt.has(d.issuerId),
      })),
      limits: limitVersions.map((v) => toLimit(v, familyOf)),
      horizonMonths,
    };
    const dates = [today, ...monthEndsAfter(snapshot.asOfDate, horizonMonths)];
    return {
      input,
      snapshotId: snapshot.id,
      portfolioId: portfolio.id,
      limitVersions: versionsApplied(limitVersions, input.limits, dates),
      rollup,
      familyOf,
    };
  }
}

/**
 * Each deal's amount in the base currency: a deal in another currency converted at the as-of date of
 * the snapshot it is projected on (the rates of its currencies looked up once). A rate that does
 * not exist is a 422 naming the pair and the date, which fails this portfolio's projection alone.
 */
async function convertedAmounts(fx: FxRatesService, deals: DealEntity[], asOfDate: string, base: string): Promise<number[]> {
  const foreign = new Set(deals.filter((d) => d.currency !== base).map((d) => d.currency));
  const rates = foreign.size ? await fx.ratesAt(asOfDate, foreign, base) : new Map<string, FxConversion>();
  return deals.map((d) => {
    if (d.currency === base) return d.amountCents;
    try {
      return convertCents(d.amountCents, rates.get(d.currency)!.rate);
    } catch {
      throw new DomainError(
        422,
        `Deal ${d.id} of ${formatCents(d.amountCents)} ${d.currency} converted into ${base} passes ${BEYOND_CENTS}, past which cents are not exact`,
      );
    }
  });
}

const BEYOND_CENTS = '90,071,992,547,409.91';

/** The versions in force on at least one of the dates, as a run records what it read. */
function versionsApplied(versions: GoverningVersion[], limits: Limit[], dates: string[]): Array<{ id: number; version: number }> {
  return versions.filter((_, i) => dates.some((date) => inForceOn(limits[i], date))).map((v) => ({ id: v.limitId, version: v.version }));
}

function toLimit(v: GoverningVersion, familyOf: (issuerId: number) => number): Limit {
  return {
    id: v.limitId,
    name: v.name,
    scope: toScope(v.scope, familyOf),
    measure: v.measure,
    basis: v.basis,
    limitAmountCents: v.limitAmountCents,
    limitPct: v.limitPct,
    warnAtPct: v.warnAtPct,
    holdingsFilter: v.scope.holdingsFilter ?? null,
    source: v.source,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
    supersededOn: v.supersededOn,
  };
}

/** Limits name issuers; the core works on their families. */
function toScope(scope: LimitVersionEntity['scope'], familyOf: (issuerId: number) => number): Scope {
  switch (scope.type) {
    case 'EACH_ISSUER_FAMILY':
      return { type: scope.type, naicMin: scope.naicMin ?? null, naicMax: scope.naicMax ?? null };
    case 'ISSUER_FAMILY':
      return { type: scope.type, familyId: familyOf(scope.issuerId!) };
    case 'SECTOR':
      return { type: scope.type, sector: scope.sector! };
    case 'NAIC_RANGE':
      return { type: scope.type, naicMin: scope.naicMin!, naicMax: scope.naicMax! };
    case 'GROUP':
      return { type: scope.type, name: scope.name!, familyIds: [...new Set(scope.issuerIds!.map(familyOf))] };
    case 'PORTFOLIO':
      return { type: scope.type };
  }
}
