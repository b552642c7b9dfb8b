import { breachProbability, MAX_EXACT_DEALS, MONTE_CARLO_PATHS, seedFrom, type OutcomeModel } from './breach-probability.js';
import {
  allocationCents,
  dealStartMonth,
  expectedAllocationCents,
  exposureCents,
  exposureContext,
  familySeriesCents,
  limitSeriesCents,
  type ExposureContext,
} from './exposure.js';
import { applicableChecks, type ApplicableCheck } from './limits.js';
import type { Deal, LimitCheck, MonthPoint, ProjectionInput, Status } from './model.js';

/** Utilization shown when a zero limit is exceeded: finite, so that it survives JSON. */
export const ZERO_LIMIT_UTILIZATION_PCT = 999_999.99;

function utilizationPct(exposure: number, limit: number): number {
  if (limit <= 0) return exposure > 0 ? ZERO_LIMIT_UTILIZATION_PCT : 0;
  return Math.round((exposure * 10000) / limit) / 100;
}

function monthPoint(date: string, exposure: number, limit: number): MonthPoint {
  return { date, exposureCents: exposure, limitCents: limit, headroomCents: limit - exposure, utilizationPct: utilizationPct(exposure, limit) };
}

/** Compared in integers, so 89.996% is not a warning at 90 even though it displays as 90.00. */
function statusOf(point: MonthPoint, warnAtPct: number): Status {
  if (point.exposureCents > point.limitCents) return 'BREACH';
  return point.limitCents > 0 && point.exposureCents * 100 >= warnAtPct * point.limitCents ? 'WARNING' : 'OK';
}

const SEVERITY: Status[] = ['OK', 'WARNING', 'BREACH'];

function worstStatus(points: MonthPoint[], warnAtPct: number): Status {
  const worst = Math.max(0, ...points.map((point) => SEVERITY.indexOf(statusOf(point, warnAtPct))));
  return SEVERITY[worst];
}

/** With a probabilityOverride every deal is certain; deals at 0 or 1, worth nothing, or after the horizon change no outcome. */
function isUncertain(ctx: ExposureContext, deal: Deal): boolean {
  const horizon = ctx.dates.length - 1;
  return (
    ctx.input.scenario.probabilityOverride === null &&
    deal.probability > 0 &&
    deal.probability < 1 &&
    dealStartMonth(ctx.input.portfolio.asOfDate, deal) <= horizon &&
    allocationCents(ctx, deal, 1) > 0
  );
}

function outcomeModel(ctx: ExposureContext, check: ApplicableCheck, limitCents: number[]): OutcomeModel {
  const { familyIds, limit } = check;
  const certainAllocation = (deal: Deal): number => (isUncertain(ctx, deal) ? 0 : expectedAllocationCents(ctx, deal));
  return {
    limitCents: limitCents.slice(1),
    familyBaseCents: familyIds.map((id) => familySeriesCents(ctx, id, limit.measure, certainAllocation).slice(1)),
    deals: familyIds.flatMap((id, family) =>
      (ctx.dealsByFamily.get(id) ?? [])
        .filter((deal) => isUncertain(ctx, deal))
        .map((deal) => ({
          family,
          fromMonth: dealStartMonth(ctx.input.portfolio.asOfDate, deal) - 1,
          allocationCents: allocationCents(ctx, deal, 1),
          probability: deal.probability,
        })),
    ),
  };
}

function breachProbabilityOf(ctx: ExposureContext, check: ApplicableCheck, limitCents: number[]): LimitCheck['breachProbability'] {
  const model = outcomeModel(ctx, check, limitCents);
  const method = model.deals.length <= MAX_EXACT_DEALS ? 'EXACT' : 'MONTE_CARLO';
  const value = breachProbability(model, { method, seed: seedFrom(`${check.scopeKey}#${check.limit.id}`) });
  return { value, method, paths: method === 'EXACT' ? null : MONTE_CARLO_PATHS };
}

function limitCheck(ctx: ExposureContext, check: ApplicableCheck): LimitCheck {
  const { limit, scopeKey, scopeLabel, familyIds } = check;
  const exposure = exposureCents(ctx, familyIds, limit.measure, (deal) => expectedAllocationCents(ctx, deal));
  const limitCents = limitSeriesCents(ctx, limit);
  const [current, ...months] = ctx.dates.map((date, t) => monthPoint(date, exposure[t], limitCents[t]));
  const breachMonth = months.find((point) => point.exposureCents > point.limitCents);
  return {
    limitId: limit.id,
    limitName: limit.name,
    scopeKey,
    scopeLabel,
    familyIds,
    measure: limit.measure,
    current: { ...current, status: statusOf(current, limit.warnAtPct) },
    months,
    projectedStatus: worstStatus(months, limit.warnAtPct),
    projectedBreachDate: breachMonth?.date ?? null,
    breachProbability: breachMonth ? breachProbabilityOf(ctx, check, limitCents) : null,
  };
}

/** Code-unit order, the same on every machine and locale. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every applicable limit check of a portfolio now (t = 0) and over months 1..H of the scenario. */
export function project(input: ProjectionInput): LimitCheck[] {
  return inCheckOrder([...projectEach(input)]);
}

/** The checks one by one, so that a caller working through thousands can pause between them. */
export function* projectEach(input: ProjectionInput): Generator<LimitCheck> {
  const ctx = exposureContext(input);
  for (const check of applicableChecks(input.limits, [...ctx.families.values()])) yield limitCheck(ctx, check);
}

/** By limit, then scope key: the order of every list of checks. */
export function inCheckOrder(checks: LimitCheck[]): LimitCheck[] {
  return checks.sort((a, b) => a.limitId - b.limitId || compareKeys(a.scopeKey, b.scopeKey));
}
