/**
 * The plain data the risk core works on. Money is integer cents; dates are ISO `YYYY-MM-DD`
 * strings. Nothing here knows Nest, the database or the clock.
 */

export type Measure = 'MARKET_VALUE' | 'BOOK_VALUE' | 'PAR';
export type Basis = 'ABSOLUTE' | 'PCT_ADMITTED_ASSETS' | 'PCT_CAPITAL_SURPLUS';
export type Status = 'OK' | 'WARNING' | 'BREACH';

/** NAIC designation numbers from naicMin to naicMax, both included. */
export interface NaicRange {
  naicMin: number;
  naicMax: number;
}

/** Holdings of one family summed by kind, maturity month and their own NAIC designation. */
export interface HoldingBucket {
  assetType: 'BOND' | 'CDS_PROTECTION';
  /** The holdings' own designation number 1..6; null when unrated */
  naic: number | null;
  /** The last day of the month the holdings mature in; null when no maturity (CDS only). */
  maturityMonthEnd: string | null;
  /** The holdings' own currency (ISO 4217), which an FX shock moves; absent: the base currency. Amounts are in the base currency. */
  currency?: string;
  parCents: number;
  marketCents: number;
  bookCents: number;
  /**
   * Dollar duration in cent-years: the sum over the bonds of their modified duration (at the as-of
   * date, to each bond's own maturity date) x market value. The spread shock is this x the shock.
   */
  dollarDurationCents: number;
  /** Holdings of limitExempt issuers (the US Treasury, agencies): left out of EACH_ISSUER_FAMILY limits */
  exempt?: boolean;
}

/** An issuer family as the limits see it. */
export interface FamilyPosition {
  familyId: number;
  name: string;
  /** The sector holding most of the family's market value (ties: alphabetical). */
  sector: string | null;
  /** Exposure-weighted NAIC designation 1..6, rounded towards the worse (higher) one; null if unrated. */
  naic: number | null;
  buckets: HoldingBucket[];
}

export interface Deal {
  id: number;
  familyId: number;
  expectedDate: string;
  /** In the base currency (converted at the snapshot's as-of date) */
  amountCents: number;
  /** Its own currency, which an FX shock moves; absent: the base currency */
  currency?: string;
  /** 0..1 */
  probability: number;
  /** The deal's own designation number 1..6; absent or null: its family's */
  naic?: number | null;
  /** A limitExempt issuer's deal: left out of EACH_ISSUER_FAMILY limits */
  exempt?: boolean;
}

export interface Scenario {
  name: string;
  issuanceMultiplier: number;
  probabilityOverride: number | null;
  participationMultiplier: number;
  spreadShockBp: number;
  assetGrowthPctPerYear: number;
  rolloverMaturities: boolean;
  /**
   * Percent by currency, e.g. {EUR: -10}: from t >= 1 every amount in that currency (holdings, CDS
   * protection, deals) is worth that much more (less) in the base currency; a shock on the base
   * currency itself moves nothing. Absent: none.
   */
  fxShocks?: Readonly<Record<string, number>> | null;
}

export interface PortfolioTerms {
  asOfDate: string;
  /** ISO 4217: every amount of the input is in it; absent: USD */
  baseCurrency?: string;
  admittedAssetsCents: number;
  capitalSurplusCents: number;
  /** Share of each new deal the portfolio expects, e.g. 0.005 */
  participationRate: number;
}

export type Scope =
  | { type: 'EACH_ISSUER_FAMILY'; naicMin?: number | null; naicMax?: number | null }
  | { type: 'ISSUER_FAMILY'; familyId: number }
  | { type: 'SECTOR'; sector: string }
  | { type: 'NAIC_RANGE'; naicMin: number; naicMax: number }
  | { type: 'GROUP'; name: string; familyIds: number[] }
  | { type: 'PORTFOLIO' };

export interface Limit {
  id: number;
  name: string;
  scope: Scope;
  measure: Measure;
  basis: Basis;
  /** ABSOLUTE basis */
  limitAmountCents: number | null;
  /** PCT bases: 3 = 3% */
  limitPct: number | null;
  /** Utilization (in %) from which a warning is raised, e.g. 90 */
  warnAtPct: number;
  /** Only holdings (and deals) whose own designation is in range count; absent or null: all */
  holdingsFilter?: NaicRange | null;
  /** First date in force; null: no start */
  effectiveFrom: string | null;
  /** Last date in force; null: no end */
  effectiveTo: string | null;
  /** The date a newer version of the limit takes over from this one; null: none does */
  supersededOn: string | null;
  /** Where the limit comes from (a statute section, a board minute), carried to the checks */
  source?: string | null;
}

export type ProbabilityMethod = 'EXACT' | 'MONTE_CARLO';

export interface MonthPoint {
  date: string;
  exposureCents: number;
  limitCents: number;
  headroomCents: number;
  /** exposure / limit x 100, rounded to 2 decimals */
  utilizationPct: number;
}

/** One limit applied to one family or aggregate. */
export interface LimitCheck {
  limitId: number;
  limitName: string;
  limitSource: string | null;
  /** What the limit amount rests on: ABSOLUTE, or a percentage (limitPct) of basisCents (admitted assets, or capital and surplus, today) */
  basis: Basis;
  limitPct: number | null;
  basisCents: number | null;
  /** Stable key of what is measured: `family:12`, `sector:Technology`, `naic:3-6`, `group:AI hyperscalers`, `portfolio` */
  scopeKey: string;
  /** Family name, sector, NAIC range, group name or Portfolio */
  scopeLabel: string;
  familyIds: number[];
  measure: Measure;
  /**
   * Today's exposure against the limit (t = 0). A limit not yet in force today is shown against the
   * limit it will have, with status OK.
   */
  current: MonthPoint & { status: Status };
  /** null when the limit is in force today; else the first month end it is in force at */
  inForceFrom: string | null;
  /** The month ends at which the limit is in force (each under the version in force then). */
  months: MonthPoint[];
  /** The worst of the months: BREACH if any month exceeds the limit, else WARNING if any reaches warnAtPct */
  projectedStatus: Status;
  projectedBreachDate: string | null;
  breachProbability: { value: number; method: ProbabilityMethod; paths: number | null } | null;
}

export interface ProjectionInput {
  portfolio: PortfolioTerms;
  /** The date whose limits in force the check at t = 0 uses (month t uses those in force on its month end) */
  evaluationDate: string;
  /** Every family's name (its top issuer's), including families that hold nothing */
  familyNames: Map<number, string>;
  families: FamilyPosition[];
  deals: Deal[];
  limits: Limit[];
  scenario: Scenario;
  horizonMonths: number;
}
