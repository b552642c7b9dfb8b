import { firstMonthEndOnOrAfter, monthEndsAfter } from '../common/dates.js';
import { modifiedDuration } from './duration.js';
import { limitAmountCents } from './limits.js';
import type { Deal, FamilyPosition, HoldingBucket, Limit, Measure, ProjectionInput } from './model.js';

/** One projection's inputs, indexed once and shared by every check. */
export interface ExposureContext {
  input: ProjectionInput;
  /** dates[0] is the as-of date, dates[t] the t-th month end after it (t = 1..H). */
  dates: string[];
  /** Families with holdings, plus those that only appear in the pipeline (no holdings yet). */
  families: Map<number, FamilyPosition>;
  /** Each family's deals, by deal id. */
  dealsByFamily: Map<number, Deal[]>;
  netHoldingsCache: Map<string, number[]>;
  /** Modified durations by coupon and maturity: many families share them. */
  durationCache: Map<string, number>;
}

export function exposureContext(input: ProjectionInput, horizonMonths = input.horizonMonths): ExposureContext {
  const families = new Map(input.families.map((family) => [family.familyId, family]));
  const dealsByFamily = new Map<number, Deal[]>();
  for (const deal of [...input.deals].sort((a, b) => a.id - b.id)) {
    const familyDeals = dealsByFamily.get(deal.familyId) ?? [];
    familyDeals.push(deal);
    dealsByFamily.set(deal.familyId, familyDeals);
    if (!families.has(deal.familyId)) families.set(deal.familyId, pipelineOnlyFamily(deal.familyId));
  }
  const dates = [input.portfolio.asOfDate, ...monthEndsAfter(input.portfolio.asOfDate, horizonMonths)];
  return { input, dates, families, dealsByFamily, netHoldingsCache: new Map(), durationCache: new Map() };
}

function pipelineOnlyFamily(familyId: number): FamilyPosition {
  return { familyId, name: `family ${familyId}`, sector: null, naic: null, buckets: [] };
}

function cached<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    cache.set(key, value);
  }
  return value;
}

function monthNumber(isoDate: string): number {
  return Number(isoDate.slice(0, 4)) * 12 + Number(isoDate.slice(5, 7));
}

/** The month t >= 1 from which a deal counts: the first month end on or after its expected date. */
export function dealStartMonth(asOfDate: string, deal: Deal): number {
  const firstMonthEnd = monthEndsAfter(asOfDate, 1)[0];
  return Math.max(1, monthNumber(firstMonthEndOnOrAfter(deal.expectedDate)) - monthNumber(firstMonthEnd) + 1);
}

export function allocationCents(ctx: ExposureContext, deal: Deal, probability: number): number {
  const { scenario, portfolio } = ctx.input;
  return Math.round(
    deal.amountCents * scenario.issuanceMultiplier * probability * portfolio.participationRate * scenario.participationMultiplier,
  );
}

export function expectedAllocationCents(ctx: ExposureContext, deal: Deal): number {
  return allocationCents(ctx, deal, ctx.input.scenario.probabilityOverride ?? deal.probability);
}

function measuredCents(bucket: HoldingBucket, measure: Measure): number {
  return measure === 'PAR' ? bucket.parCents : measure === 'MARKET_VALUE' ? bucket.marketCents : bucket.bookCents;
}

function spreadShockCents(ctx: ExposureContext, bucket: HoldingBucket): number {
  const { spreadShockBp } = ctx.input.scenario;
  if (spreadShockBp === 0 || bucket.maturityMonthEnd === null) return 0;
  const maturity = bucket.maturityMonthEnd;
  const duration = cached(ctx.durationCache, `${bucket.couponRate}|${maturity}`, () =>
    modifiedDuration(bucket.couponRate, ctx.input.portfolio.asOfDate, maturity),
  );
  return Math.round(((duration * spreadShockBp) / 10000) * bucket.marketCents);
}

/** How many of the dates (t = 0, 1, ...) the bucket is still held or in force at. */
function monthsOutstanding(ctx: ExposureContext, bucket: HoldingBucket): number {
  const rolledOver = bucket.assetType === 'BOND' && ctx.input.scenario.rolloverMaturities;
  if (rolledOver || bucket.maturityMonthEnd === null) return ctx.dates.length;
  const maturity = bucket.maturityMonthEnd;
  const matured = ctx.dates.findIndex((date) => maturity <= date);
  return matured === -1 ? ctx.dates.length : matured;
}

function computeNetHoldings(ctx: ExposureContext, family: FamilyPosition | undefined, measure: Measure): number[] {
  const series = ctx.dates.map(() => 0);
  for (const bucket of family?.buckets ?? []) {
    const value = bucket.assetType === 'CDS_PROTECTION' ? -bucket.parCents : measuredCents(bucket, measure);
    const shocked = bucket.assetType === 'BOND' && measure === 'MARKET_VALUE' ? value - spreadShockCents(ctx, bucket) : value;
    const months = monthsOutstanding(ctx, bucket);
    for (let t = 0; t < months; t++) series[t] += t === 0 ? value : shocked;
  }
  return series;
}

/** Holdings outstanding at each t, valued at the measure (shocked from t = 1), less CDS protection in force. */
function netHoldingsCents(ctx: ExposureContext, familyId: number, measure: Measure): number[] {
  return cached(ctx.netHoldingsCache, `${familyId}:${measure}`, () => computeNetHoldings(ctx, ctx.families.get(familyId), measure));
}

/**
 * A family's exposure at each t before the floor at zero: net holdings plus the deals, each with the
 * allocation `allocationOf` gives it, from its start month. Negative when CDS protection exceeds the rest.
 */
export function familySeriesCents(
  ctx: ExposureContext,
  familyId: number,
  measure: Measure,
  allocationOf: (deal: Deal) => number,
): number[] {
  const series = [...netHoldingsCents(ctx, familyId, measure)];
  for (const deal of ctx.dealsByFamily.get(familyId) ?? []) {
    const allocation = allocationOf(deal);
    for (let t = dealStartMonth(ctx.input.portfolio.asOfDate, deal); t < series.length; t++) series[t] += allocation;
  }
  return series;
}

/** Exposure of a family or aggregate at each t: each family netted, not below zero, then summed. */
export function exposureCents(ctx: ExposureContext, familyIds: number[], measure: Measure, allocationOf: (deal: Deal) => number): number[] {
  const exposure = ctx.dates.map(() => 0);
  for (const familyId of familyIds) {
    familySeriesCents(ctx, familyId, measure, allocationOf).forEach((cents, t) => (exposure[t] += Math.max(0, cents)));
  }
  return exposure;
}

export function limitSeriesCents(ctx: ExposureContext, limit: Limit): number[] {
  const { portfolio, scenario } = ctx.input;
  return ctx.dates.map((_, t) => limitAmountCents(limit, portfolio, t, scenario.assetGrowthPctPerYear));
}
