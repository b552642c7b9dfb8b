import {
  dealStartMonth,
  expectedAllocationCents,
  exposureCents,
  exposureContext,
  familySeriesCents,
  limitSeriesCents,
  type ExposureContext,
} from './exposure.js';
import { applicableChecks, type ApplicableCheck } from './limits.js';
import type { Deal, ProjectionInput } from './model.js';

/**
 * Largest allocation of `deal` that keeps one check within its limit: before the deal's start
 * month the check must hold without it; from then on the family's floor at zero lets excess CDS
 * protection absorb part of the allocation.
 */
function checkCapacityCents(ctx: ExposureContext, check: ApplicableCheck, deal: Deal, startMonth: number): number {
  const { limit, familyIds } = check;
  const otherDeals = (d: Deal): number => (d.id === deal.id ? 0 : expectedAllocationCents(ctx, d));
  const own = familySeriesCents(ctx, deal.familyId, limit.measure, otherDeals);
  const others = exposureCents(ctx, familyIds.filter((id) => id !== deal.familyId), limit.measure, otherDeals);
  const limitCents = limitSeriesCents(ctx, limit);
  let capacity = Number.POSITIVE_INFINITY;
  for (let t = 0; t < ctx.dates.length; t++) {
    const room = limitCents[t] - others[t];
    if (t < startMonth) {
      if (Math.max(0, own[t]) > room) return 0;
    } else {
      if (room < 0) return 0;
      capacity = Math.min(capacity, room - own[t]);
    }
  }
  return capacity;
}

/**
 * The largest allocation from `dealId` (counted at par for every measure) that keeps its family and
 * every aggregate containing it within every applicable limit at every month, every other deal at
 * its expected allocation in the input's scenario (callers pass `base`). 0 when already over; never
 * more than the whole deal (so the deal's amount when no limit applies). The horizon is stretched to
 * reach the deal's start month.
 */
export function maxAllocationCents(input: ProjectionInput, dealId: number): number {
  const deal = input.deals.find((d) => d.id === dealId);
  if (!deal) throw new RangeError(`no deal ${dealId} in the pipeline`);
  const startMonth = dealStartMonth(input.portfolio.asOfDate, deal);
  const ctx = exposureContext(input, Math.max(input.horizonMonths, startMonth));
  const checks = applicableChecks(input.limits, [...ctx.families.values()]).filter((c) => c.familyIds.includes(deal.familyId));
  const capacities = checks.map((check) => checkCapacityCents(ctx, check, deal, startMonth));
  return Math.max(0, Math.min(deal.amountCents, ...capacities));
}
