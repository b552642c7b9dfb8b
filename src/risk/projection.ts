import { breachProbability, MAX_EXACT_DEALS, MONTE_CARLO_PATHS, seedFrom, type OutcomeModel } from './breach-probability.js';
import {
  allocationCents,
  dealStartMonth,
  expectedAllocationCents,
  cached,
  countedBy,
  dealCounts,
  exposureCents,
  exposureContext,
  familySeriesCents,
  scopeUniverse,
  type ExposureContext,
} from './exposure.js';
import { basisCents, checkSchedule, limitAmountCents, type ApplicableCheck, type ScheduledCheck } from './limits.js';
import type { Deal, LimitCheck, MonthPoint, ProjectionInput, Status } from './model.js';

/** Utilization shown when a zero limit is exceeded: finite, so that it survives JSON. */
export const ZERO_LIMIT_UTILIZATION_PCT = 999_999.99;

function utilizationPct(exposure: number, limit: number): number {
  if (limit <= 0) return exposure > 0 ? ZERO_LIMIT_UTILIZATION_PCT : 0;
  return Math.round((exposure * 10000) / limit) / 100;
}

function monthPoint(date: string, exposure: number, limit: number): MonthPoint {
  return {
    date,
    exposureCents: exposure,
    limitCents: limit,
    headroomCents: limit - exposure,
    utilizationPct: utilizationPct(exposure, limit),
  };
}

/** Compared in integers, so 89.996% is not a warning at 90 even though it displays as 90.00. */
function statusOf(point: MonthPoint, warnAtPct: number): Status {
  if (point.exposureCents > point.limitCents) return 'BREACH';
  return point.limitCents > 0 && point.exposureCents * 100 >= warnAtPct * point.limitCents ? 'WARNING' : 'OK';
}

const SEVERITY: Status[] = ['OK', 'WARNING', 'BREACH'];

function worstStatus(points: Array<{ point: MonthPoint; warnAtPct: number }>): Status {
  const worst = Math.max(0, ...points.map(({ point, warnAtPct }) => SEVERITY.indexOf(statusOf(point, warnAtPct))));
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

/**
 * Months 1..H of a check for the probability. A month where the limit is not in force has an
 * infinite limit; a family outside the scope that month (another version of the limit) counts
 * -Infinity before the floor at zero, so nothing it holds or receives counts then. A deal is an
 * outcome of its family if some version counts its designation (versions that count other
 * designations are rare, and this errs towards a breach).
 */
function outcomeModel(ctx: ExposureContext, scheduled: ScheduledCheck, limitCents: number[]): OutcomeModel {
  const certainAllocation = (deal: Deal): number => (isUncertain(ctx, deal) ? 0 : expectedAllocationCents(ctx, deal));
  const months = scheduled.at.slice(1);
  const versions = [...new Set(months)].filter((check) => check !== null);
  const members = new Map(versions.map((check) => [check, new Set(check.familyIds)]));
  const familyIds = [...new Set(versions.flatMap((check) => check.familyIds))];
  const familyBase = (id: number): number[] => {
    const series = new Map<ApplicableCheck, number[]>();
    const seriesOf = (check: ApplicableCheck) =>
      cached(series, check, () => familySeriesCents(ctx, id, countedBy(check), certainAllocation));
    return months.map((check, i) => (check && members.get(check)!.has(id) ? seriesOf(check)[i + 1] : Number.NEGATIVE_INFINITY));
  };
  const isOutcome = (deal: Deal) => isUncertain(ctx, deal) && versions.some((check) => dealCounts(ctx, deal, countedBy(check)));
  return {
    limitCents: limitCents.slice(1).map((cents, i) => (months[i] ? cents : Number.POSITIVE_INFINITY)),
    familyBaseCents: familyIds.map(familyBase),
    deals: familyIds.flatMap((id, family) =>
      (ctx.dealsByFamily.get(id) ?? []).filter(isOutcome).map((deal) => ({
        family,
        fromMonth: dealStartMonth(ctx.input.portfolio.asOfDate, deal) - 1,
        allocationCents: allocationCents(ctx, deal, 1),
        probability: deal.probability,
      })),
    ),
  };
}

function breachProbabilityOf(ctx: ExposureContext, scheduled: ScheduledCheck, limitCents: number[]): LimitCheck['breachProbability'] {
  const model = outcomeModel(ctx, scheduled, limitCents);
  const method = model.deals.length <= MAX_EXACT_DEALS ? 'EXACT' : 'MONTE_CARLO';
  const value = breachProbability(model, { method, seed: seedFrom(`${scheduled.scopeKey}#${scheduled.limitId}`) });
  return { value, method, paths: method === 'EXACT' ? null : MONTE_CARLO_PATHS };
}

/** Exposure and limit at each t under the version in force then; before the limit is first in force, under the first version. */
function pointsOf(ctx: ExposureContext, scheduled: ScheduledCheck, first: ApplicableCheck): MonthPoint[] {
  const exposures = new Map<ApplicableCheck, number[]>();
  const exposureOf = (check: ApplicableCheck) =>
    cached(exposures, check, () => exposureCents(ctx, check.familyIds, countedBy(check), (deal) => expectedAllocationCents(ctx, deal)));
  const { portfolio, scenario } = ctx.input;
  return ctx.dates.map((date, t) => {
    const check = scheduled.at[t] ?? first;
    return monthPoint(date, exposureOf(check)[t], limitAmountCents(check.limit, portfolio, t, scenario.assetGrowthPctPerYear));
  });
}

export function limitCheck(ctx: ExposureContext, scheduled: ScheduledCheck): LimitCheck {
  const shown = scheduled.at[0] ?? scheduled.at.find((check) => check !== null)!;
  const points = pointsOf(ctx, scheduled, shown);
  const inForce = points.flatMap((point, t) => (t > 0 && scheduled.at[t] ? [{ point, warnAtPct: scheduled.at[t]!.limit.warnAtPct }] : []));
  const months = inForce.map(({ point }) => point);
  const breachMonth = months.find((point) => point.exposureCents > point.limitCents);
  const { limit, scopeKey, scopeLabel, familyIds } = shown;
  return {
    limitId: limit.id,
    limitName: limit.name,
    limitSource: limit.source ?? null,
    basis: limit.basis,
    limitPct: limit.basis === 'ABSOLUTE' ? null : limit.limitPct,
    basisCents: basisCents(limit, ctx.input.portfolio),
    scopeKey,
    scopeLabel,
    familyIds,
    measure: limit.measure,
    current: { ...points[0], status: scheduled.at[0] ? statusOf(points[0], limit.warnAtPct) : 'OK' },
    inForceFrom: scheduled.at[0] ? null : months[0].date,
    months,
    projectedStatus: worstStatus(inForce),
    projectedBreachDate: breachMonth?.date ?? null,
    breachProbability: breachMonth
      ? breachProbabilityOf(
          ctx,
          scheduled,
          points.map((point) => point.limitCents),
        )
      : null,
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
  for (const scheduled of scheduledChecks(ctx)) yield limitCheck(ctx, scheduled);
}

/** Every check in force at t = 0 or at some month of the context's horizon. */
export function scheduledChecks(ctx: ExposureContext): ScheduledCheck[] {
  return checkSchedule(ctx.input.limits, scopeUniverse(ctx), ctx.limitDates);
}

/** By limit, then scope key: the order of every list of checks. */
export function inCheckOrder(checks: LimitCheck[]): LimitCheck[] {
  return checks.sort((a, b) => a.limitId - b.limitId || compareKeys(a.scopeKey, b.scopeKey));
}
