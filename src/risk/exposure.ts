import { firstMonthEndOnOrAfter, monthEndsAfter } from '../common/dates.js';
import type { Deal, FamilyPosition, HoldingBucket, Measure, ProjectionInput } from './model.js';

/** One projection's inputs, indexed once and shared by every check. */
export interface ExposureContext {
  input: ProjectionInput;
  /** dates[0] is the as-of date, dates[t] the t-th month end after it (t = 1..H). */
  dates: string[];
  /** The dates whose limits in force apply: the evaluation date, then the month ends. */
  limitDates: string[];
  /** Families with holdings, plus those that only appear in the pipeline (no holdings yet). */
  families: Map<number, FamilyPosition>;
  /** Each family's deals, by deal id. */
  dealsByFamily: Map<number, Deal[]>;
  netHoldingsCache: Map<string, number[]>;
}

export function exposureContext(input: ProjectionInput, horizonMonths = input.horizonMonths): ExposureContext {
  const families = new Map(input.families.map((family) => [family.familyId, family]));
  const dealsByFamily = new Map<number, Deal[]>();
  for (const deal of [...input.deals].sort((a, b) => a.id - b.id)) {
    const familyDeals = dealsByFamily.get(deal.familyId) ?? [];
    familyDeals.push(deal);
    dealsByFamily.set(deal.familyId, familyDeals);
    if (!families.has(deal.familyId)) families.set(deal.familyId, pipelineOnlyFamily(input, deal.familyId));
  }
  const monthEnds = monthEndsAfter(input.portfolio.asOfDate, horizonMonths);
  const dates = [input.portfolio.asOfDate, ...monthEnds];
  return { input, dates, limitDates: [input.evaluationDate, ...monthEnds], families, dealsByFamily, netHoldingsCache: new Map() };
}

/** A family's name: its top issuer's, also when it holds nothing. */
export function familyName(input: Pick<ProjectionInput, 'familyNames'>, familyId: number): string {
  return input.familyNames.get(familyId) ?? `family ${familyId}`;
}

function pipelineOnlyFamily(input: ProjectionInput, familyId: number): FamilyPosition {
  return { familyId, name: familyName(input, familyId), sector: null, naic: null, buckets: [] };
}

export function cached<K, T>(cache: Map<K, T>, key: K, compute: () => T): T {
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

/** How many of the dates (t = 0, 1, ...) the bucket is still held or in force at. */
function monthsOutstanding(ctx: ExposureContext, bucket: HoldingBucket): number {
  const rolledOver = bucket.assetType === 'BOND' && ctx.input.scenario.rolloverMaturities;
  if (rolledOver || bucket.maturityMonthEnd === null) return ctx.dates.length;
  const maturity = bucket.maturityMonthEnd;
  const matured = ctx.dates.findIndex((date) => maturity <= date);
  return matured === -1 ? ctx.dates.length : matured;
}

/**
 * The family's market value lost to the spread shock at each t >= 1: the dollar duration of its
 * bonds still held x the shock, rounded to the cent once per month, so it is the exact figure's
 * nearest cent however the bonds are bucketed.
 */
function spreadShockCents(ctx: ExposureContext, buckets: HoldingBucket[]): number[] {
  const dollarDuration = ctx.dates.map(() => 0);
  for (const bucket of buckets) {
    if (bucket.assetType !== 'BOND') continue;
    const months = monthsOutstanding(ctx, bucket);
    for (let t = 1; t < months; t++) dollarDuration[t] += bucket.dollarDurationCents;
  }
  return dollarDuration.map((cents) => Math.round((cents * ctx.input.scenario.spreadShockBp) / 10000));
}

function computeNetHoldings(ctx: ExposureContext, family: FamilyPosition | undefined, measure: Measure): number[] {
  const series = ctx.dates.map(() => 0);
  const buckets = family?.buckets ?? [];
  for (const bucket of buckets) {
    const value = bucket.assetType === 'CDS_PROTECTION' ? -bucket.parCents : measuredCents(bucket, measure);
    const months = monthsOutstanding(ctx, bucket);
    for (let t = 0; t < months; t++) series[t] += value;
  }
  if (measure !== 'MARKET_VALUE' || ctx.input.scenario.spreadShockBp === 0) return series;
  return spreadShockCents(ctx, buckets).map((shock, t) => series[t] - shock);
}

/** Holdings outstanding at each t, valued at the measure (market value shocked from t = 1), less CDS protection in force. */
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
