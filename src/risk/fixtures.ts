/** Plain-data builders for the risk specs. */
import { isWhollyExempt } from './exposure.js';
import type { ScopeUniverse } from './limits.js';
import type { Deal, FamilyPosition, HoldingBucket, Limit, LimitCheck, PortfolioTerms, ProjectionInput, Scenario, Scope } from './model.js';

export const baseScenario: Scenario = {
  name: 'base',
  issuanceMultiplier: 1,
  probabilityOverride: null,
  participationMultiplier: 1,
  spreadShockBp: 0,
  assetGrowthPctPerYear: 0,
  rolloverMaturities: false,
};

/** A bond bucket, NAIC 1 unless said otherwise; its dollar duration defaults to a duration of 5 years. */
export function bond(marketCents: number, maturityMonthEnd: string, extra: Partial<HoldingBucket> = {}): HoldingBucket {
  return {
    assetType: 'BOND',
    naic: 1,
    maturityMonthEnd,
    parCents: marketCents,
    marketCents,
    bookCents: marketCents,
    dollarDurationCents: 5 * marketCents,
    ...extra,
  };
}

export function cds(notionalCents: number, maturityMonthEnd: string | null = null): HoldingBucket {
  return {
    assetType: 'CDS_PROTECTION',
    naic: null,
    maturityMonthEnd,
    parCents: notionalCents,
    marketCents: 0,
    bookCents: 0,
    dollarDurationCents: 0,
  };
}

export function family(familyId: number, buckets: HoldingBucket[], extra: Partial<FamilyPosition> = {}): FamilyPosition {
  return { familyId, name: `Family ${familyId}`, sector: null, naic: 1, buckets, ...extra };
}

/** The families as scopes select them, each with the designations of its bonds. */
export function universe(families: FamilyPosition[], nameOf: (familyId: number) => string): ScopeUniverse {
  const designations = new Map(families.map((f) => [f.familyId, new Set(f.buckets.flatMap((b) => (b.naic === null ? [] : [b.naic])))]));
  return {
    families,
    nameOf,
    designationsOf: (familyId) => designations.get(familyId) ?? new Set(),
    whollyExempt: (familyId) =>
      isWhollyExempt(
        families.find((f) => f.familyId === familyId),
        [],
      ),
  };
}

const ALWAYS = { effectiveFrom: null, effectiveTo: null, supersededOn: null };

export function absoluteLimit(id: number, scope: Scope, limitAmountCents: number, extra: Partial<Limit> = {}): Limit {
  return {
    id,
    name: `limit ${id}`,
    scope,
    measure: 'MARKET_VALUE',
    basis: 'ABSOLUTE',
    limitAmountCents,
    limitPct: null,
    warnAtPct: 90,
    ...ALWAYS,
    ...extra,
  };
}

export function pctLimit(id: number, scope: Scope, limitPct: number, extra: Partial<Limit> = {}): Limit {
  return {
    id,
    name: `limit ${id}`,
    scope,
    measure: 'MARKET_VALUE',
    basis: 'PCT_ADMITTED_ASSETS',
    limitAmountCents: null,
    limitPct,
    warnAtPct: 90,
    ...ALWAYS,
    ...extra,
  };
}

export function deal(id: number, familyId: number, expectedDate: string, amountCents: number, probability = 1, naic?: number): Deal {
  return { id, familyId, expectedDate, amountCents, probability, ...(naic !== undefined && { naic }) };
}

export const portfolio: PortfolioTerms = {
  asOfDate: '2026-12-15',
  admittedAssetsCents: 900_000_000_000,
  capitalSurplusCents: 100_000_000_000,
  participationRate: 1,
};

/** Evaluated on the as-of date, families without a position unnamed. */
export function projectionInput(extra: Partial<ProjectionInput>): ProjectionInput {
  const evaluationDate = extra.portfolio?.asOfDate ?? portfolio.asOfDate;
  return {
    portfolio,
    evaluationDate,
    familyNames: new Map(),
    families: [],
    deals: [],
    limits: [],
    scenario: baseScenario,
    horizonMonths: 24,
    ...extra,
  };
}

/**
 * The worked example of docs/api.md (Limits and the projection): a family at $212,400,000.40 against 2.5% of $9B admitted assets ($225,000,000),
 * and an $18B deal at 70% on 2027-05-20 of which the portfolio expects 0.3%.
 */
export const AI_DEAL_ID = 7;
export const aiExample: ProjectionInput = projectionInput({
  portfolio: { ...portfolio, participationRate: 0.003 },
  families: [family(1, [bond(21_240_000_040, '2040-06-30')], { name: 'Meta Platforms', sector: 'Technology' })],
  deals: [deal(AI_DEAL_ID, 1, '2027-05-20', 1_800_000_000_000, 0.7)],
  limits: [pctLimit(1, { type: 'ISSUER_FAMILY', familyId: 1 }, 2.5, { name: 'Single issuer 2.5%' })],
});

/** The check of one limit and scope, or a failure that lists the checks there are. */
export function checkOf(checks: LimitCheck[], limitId: number, scopeKey: string): LimitCheck {
  const check = checks.find((c) => c.limitId === limitId && c.scopeKey === scopeKey);
  if (!check) throw new Error(`no check ${limitId} ${scopeKey} in ${checks.map((c) => `${c.limitId} ${c.scopeKey}`).join(', ')}`);
  return check;
}

export const exposures = (check: LimitCheck) => check.months.map((m) => m.exposureCents);
