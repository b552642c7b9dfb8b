import { firstMonthEndOnOrAfter, monthEndsAfter, monthNumber } from '../common/dates.js';
import { activeFxShocks, requireExactRange } from './exact-range.js';
import { shockCents } from './fx.js';
import { counts, type ApplicableCheck, type ScopeUniverse } from './limits.js';
import type { Deal, FamilyPosition, HoldingBucket, Measure, NaicRange, ProjectionInput } from './model.js';

/** What an exposure sums: the measure, the own designations that count (null: all), and whether exempt issuers' count. */
export interface Counted {
  measure: Measure;
  designations: NaicRange | null;
  /** true for EACH_ISSUER_FAMILY: the single-person rule leaves out limitExempt issuers (the US Treasury, agencies) */
  leavesOutExempt: boolean;
}

export function countedBy(check: ApplicableCheck): Counted {
  return {
    measure: check.limit.measure,
    designations: check.designations,
    leavesOutExempt: check.limit.scope.type === 'EACH_ISSUER_FAMILY',
  };
}

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
  /** Each family's own designations, of its bonds and of its deals, as the checks that count by them ask. */
  designations: Map<number, Set<number>>;
  netHoldingsCache: Map<string, number[]>;
  /** The scenario's FX shocks that move something: percent by currency, the base currency and zeros left out. */
  fxShocks: Map<string, number>;
}

export function exposureContext(input: ProjectionInput, horizonMonths = input.horizonMonths): ExposureContext {
  requireExactRange(input, horizonMonths);
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
  const limitDates = [input.evaluationDate, ...monthEnds];
  const fxShocks = activeFxShocks(input);
  return { input, dates, limitDates, families, dealsByFamily, designations: new Map(), netHoldingsCache: new Map(), fxShocks };
}

/** The families as the limits' scopes select them. */
export function scopeUniverse(ctx: ExposureContext): ScopeUniverse {
  return {
    families: [...ctx.families.values()],
    nameOf: (familyId) => familyName(ctx.input, familyId),
    designationsOf: (familyId) => cached(ctx.designations, familyId, () => designationsHeld(ctx, familyId)),
    whollyExempt: (familyId) => isWhollyExempt(ctx.families.get(familyId), ctx.dealsByFamily.get(familyId) ?? []),
  };
}

/** The families whose holdings and deals are all of limitExempt issuers. */
export function whollyExemptFamilyIds({ families, deals }: Pick<ProjectionInput, 'families' | 'deals'>): number[] {
  const dealsOf = new Map<number, Deal[]>();
  for (const deal of deals) cached(dealsOf, deal.familyId, () => []).push(deal);
  const positions = new Map(families.map((f) => [f.familyId, f]));
  const ids = new Set([...positions.keys(), ...dealsOf.keys()]);
  return [...ids].filter((id) => isWhollyExempt(positions.get(id), dealsOf.get(id) ?? []));
}

/** Whether all a family holds and is to receive is of limitExempt issuers: no EACH_ISSUER_FAMILY limit checks it then. */
export function isWhollyExempt(family: FamilyPosition | undefined, deals: Deal[]): boolean {
  const held = [...(family?.buckets ?? []), ...deals];
  return held.length > 0 && held.every((item) => item.exempt === true);
}

function designationsHeld(ctx: ExposureContext, familyId: number): Set<number> {
  const family = ctx.families.get(familyId);
  const held = new Set<number>();
  for (const bucket of family?.buckets ?? []) if (bucket.assetType === 'BOND' && bucket.naic !== null) held.add(bucket.naic);
  for (const deal of ctx.dealsByFamily.get(familyId) ?? []) {
    const naic = dealDesignation(family, deal);
    if (naic !== null) held.add(naic);
  }
  return held;
}

/** A deal's own designation, else its family's. */
function dealDesignation(family: FamilyPosition | undefined, deal: Deal): number | null {
  return deal.naic ?? family?.naic ?? null;
}

/** Whether a deal counts in an exposure: its own designation, by default its family's, is among those counted, and its issuer's exemption. */
export function dealCounts(ctx: ExposureContext, deal: Deal, { designations, leavesOutExempt }: Omit<Counted, 'measure'>): boolean {
  if (leavesOutExempt && deal.exempt) return false;
  return designations === null || counts(designations, dealDesignation(ctx.families.get(deal.familyId), deal));
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

/** The month t >= 1 from which a deal counts: the first month end on or after its expected date. */
export function dealStartMonth(asOfDate: string, deal: Deal): number {
  const firstMonthEnd = monthEndsAfter(asOfDate, 1)[0];
  return Math.max(1, monthNumber(firstMonthEndOnOrAfter(deal.expectedDate)) - monthNumber(firstMonthEnd) + 1);
}

/**
 * The deal's share for the portfolio, in cents of the base currency; a deal in a shocked currency is
 * shocked too (deals count from t = 1 only): the allocation rounded to the cent, then shocked, rounded once.
 */
export function allocationCents(ctx: ExposureContext, deal: Deal, probability: number): number {
  const { scenario, portfolio } = ctx.input;
  const allocation = Math.round(
    deal.amountCents * scenario.issuanceMultiplier * probability * portfolio.participationRate * scenario.participationMultiplier,
  );
  const pct = deal.currency === undefined || ctx.fxShocks.size === 0 ? undefined : ctx.fxShocks.get(deal.currency);
  return pct === undefined ? allocation : shockCents(allocation, pct);
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

/**
 * Holdings outstanding at each t at the measure, CDS protection negative; market value less the
 * spread shock from t = 1.
 */
function netSeries(ctx: ExposureContext, buckets: HoldingBucket[], measure: Measure): number[] {
  const series = ctx.dates.map(() => 0);
  for (const bucket of buckets) {
    const value = bucket.assetType === 'CDS_PROTECTION' ? -bucket.parCents : measuredCents(bucket, measure);
    const months = monthsOutstanding(ctx, bucket);
    for (let t = 0; t < months; t++) series[t] += value;
  }
  if (measure !== 'MARKET_VALUE' || ctx.input.scenario.spreadShockBp === 0) return series;
  return spreadShockCents(ctx, buckets).map((shock, t) => series[t] - shock);
}

/**
 * The family's net holdings; under FX shocks the holdings of each shocked currency are valued apart
 * (spread shock included) and, from t = 1, shocked: their net value in the base currency at each
 * month, rounded to the cent once, so it is the exact figure's nearest cent however they are bucketed.
 */
function computeNetHoldings(ctx: ExposureContext, family: FamilyPosition | undefined, counted: Counted): number[] {
  const { measure, designations, leavesOutExempt } = counted;
  const held = family?.buckets ?? [];
  const buckets = held.filter((bucket) => !(leavesOutExempt && bucket.exempt) && counts(designations, bucket.naic));
  if (ctx.fxShocks.size === 0) return netSeries(ctx, buckets, measure);
  const unshocked: HoldingBucket[] = [];
  const byCurrency = new Map<string, HoldingBucket[]>();
  for (const bucket of buckets) {
    if (bucket.currency !== undefined && ctx.fxShocks.has(bucket.currency)) cached(byCurrency, bucket.currency, () => []).push(bucket);
    else unshocked.push(bucket);
  }
  const series = netSeries(ctx, unshocked, measure);
  for (const [currency, shocked] of byCurrency) {
    const pct = ctx.fxShocks.get(currency)!;
    netSeries(ctx, shocked, measure).forEach((cents, t) => (series[t] += t === 0 ? cents : shockCents(cents, pct)));
  }
  return series;
}

/**
 * Holdings outstanding at each t, valued at the measure (market value shocked from t = 1), less CDS
 * protection in force; only those whose own designation is counted.
 */
function netHoldingsCents(ctx: ExposureContext, familyId: number, counted: Counted): number[] {
  const range = counted.designations ? `${counted.designations.naicMin}-${counted.designations.naicMax}` : 'all';
  return cached(ctx.netHoldingsCache, `${familyId}:${counted.measure}:${range}:${counted.leavesOutExempt}`, () =>
    computeNetHoldings(ctx, ctx.families.get(familyId), counted),
  );
}

/**
 * A family's exposure at each t before the floor at zero: net holdings plus the deals, each with the
 * allocation `allocationOf` gives it, from its start month. Negative when CDS protection exceeds the rest.
 */
export function familySeriesCents(
  ctx: ExposureContext,
  familyId: number,
  counted: Counted,
  allocationOf: (deal: Deal) => number,
): number[] {
  const series = [...netHoldingsCents(ctx, familyId, counted)];
  for (const deal of ctx.dealsByFamily.get(familyId) ?? []) {
    if (!dealCounts(ctx, deal, counted)) continue;
    const allocation = allocationOf(deal);
    for (let t = dealStartMonth(ctx.input.portfolio.asOfDate, deal); t < series.length; t++) series[t] += allocation;
  }
  return series;
}

/** Exposure of a family or aggregate at each t: each family netted, not below zero, then summed. */
export function exposureCents(ctx: ExposureContext, familyIds: number[], counted: Counted, allocationOf: (deal: Deal) => number): number[] {
  const exposure = ctx.dates.map(() => 0);
  for (const familyId of familyIds) {
    familySeriesCents(ctx, familyId, counted, allocationOf).forEach((cents, t) => (exposure[t] += Math.max(0, cents)));
  }
  return exposure;
}
