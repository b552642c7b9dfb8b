import {
  cached,
  countedBy,
  dealCounts,
  dealStartMonth,
  expectedAllocationCents,
  exposureCents,
  exposureContext,
  familySeriesCents,
  type ExposureContext,
} from './exposure.js';
import { limitAmountCents, type ApplicableCheck } from './limits.js';
import type { Deal, ProjectionInput } from './model.js';
import { scheduledChecks } from './projection.js';

/** The limit (family or aggregate) and date that stop a larger allocation. */
export interface Binding {
  check: ApplicableCheck;
  /** 0 for today (the as-of date), else the month t */
  t: number;
  date: string;
  /** The room it leaves the deal, 0 when none */
  capacityCents: number;
  /** The exposure without the deal, and the limit, at that date */
  exposureCents: number;
  limitCents: number;
  /** Over the limit even without the deal */
  overWithoutDeal: boolean;
}

export interface DealCapacity {
  maxAllocationCents: number;
  /** null when the whole deal fits (or no limit applies) */
  binding: Binding | null;
  /** Whether any limit applies to the deal's family at any date */
  limited: boolean;
}

/**
 * The room one check leaves the deal at t, every other deal at its expected allocation: before
 * the deal's start month the check must hold without it (no bound otherwise); from then on the
 * family's floor at zero lets excess CDS protection absorb part of the allocation.
 */
function roomAt(ctx: ExposureContext, check: ApplicableCheck, t: number, startMonth: number, series: CapacitySeries): Binding {
  const { portfolio, scenario } = ctx.input;
  const limitCents = limitAmountCents(check.limit, portfolio, t, scenario.assetGrowthPctPerYear);
  const others = series.others(check)[t];
  const own = series.own(check)[t];
  const room = limitCents - others;
  const exposureCents = others + Math.max(0, own);
  const overWithoutDeal = exposureCents > limitCents;
  const capacityCents = t < startMonth ? (overWithoutDeal ? 0 : Number.POSITIVE_INFINITY) : room < 0 ? 0 : Math.max(0, room - own);
  return { check, t, date: ctx.dates[t], capacityCents, exposureCents, limitCents, overWithoutDeal };
}

interface CapacitySeries {
  /** The deal's family under the check, without the deal */
  own(check: ApplicableCheck): number[];
  others(check: ApplicableCheck): number[];
}

function capacitySeries(ctx: ExposureContext, deal: Deal): CapacitySeries {
  const otherDeals = (d: Deal): number => (d.id === deal.id ? 0 : expectedAllocationCents(ctx, d));
  const own = new Map<ApplicableCheck, number[]>();
  const others = new Map<ApplicableCheck, number[]>();
  return {
    own: (check) => cached(own, check, () => familySeriesCents(ctx, deal.familyId, countedBy(check), otherDeals)),
    others: (check) =>
      cached(others, check, () =>
        exposureCents(
          ctx,
          check.familyIds.filter((id) => id !== deal.familyId),
          countedBy(check),
          otherDeals,
        ),
      ),
  };
}

/** The tightest first: least room, then the earliest date, then limit and scope order. */
function tighter(a: Binding, b: Binding): boolean {
  if (a.capacityCents !== b.capacityCents) return a.capacityCents < b.capacityCents;
  if (a.t !== b.t) return a.t < b.t;
  return a.check.limit.id < b.check.limit.id || (a.check.limit.id === b.check.limit.id && a.check.scopeKey < b.check.scopeKey);
}

/**
 * The largest allocation from `dealId` (counted at par for every measure) that keeps its family and
 * every aggregate containing it within every limit in force, at every date, every other deal at its
 * expected allocation in the input's scenario (callers pass `base`); and the limit and date that
 * bind it. 0 when already over; never more than the whole deal (so the deal's amount when no limit
 * applies). The horizon is stretched to reach the deal's start month.
 */
export function dealCapacity(input: ProjectionInput, dealId: number): DealCapacity {
  const deal = input.deals.find((d) => d.id === dealId);
  if (!deal) throw new RangeError(`no deal ${dealId} in the pipeline`);
  const startMonth = dealStartMonth(input.portfolio.asOfDate, deal);
  const ctx = exposureContext(input, Math.max(input.horizonMonths, startMonth));
  const series = capacitySeries(ctx, deal);
  let tightest: Binding | null = null;
  for (const { at } of scheduledChecks(ctx)) {
    for (let t = 0; t < at.length; t++) {
      const check = at[t];
      if (!check?.familyIds.includes(deal.familyId) || !dealCounts(ctx, deal, countedBy(check))) continue;
      const room = roomAt(ctx, check, t, startMonth, series);
      if (!tightest || tighter(room, tightest)) tightest = room;
    }
  }
  const maxAllocationCents = Math.min(deal.amountCents, tightest?.capacityCents ?? deal.amountCents);
  return {
    maxAllocationCents,
    binding: tightest && tightest.capacityCents < deal.amountCents ? tightest : null,
    limited: tightest !== null,
  };
}
