import { DurationTable, dollarDurationCents } from './duration.js';
import { exposureContext, familyName, scopeUniverse, type ExposureContext } from './exposure.js';
import { checkSchedule, type ScheduledCheck } from './limits.js';
import type { FamilyPosition, LimitCheck, ProjectionInput, Scope, Status } from './model.js';
import type { FamilyRollup, HoldingGroup } from './positions.js';
import { inCheckOrder, limitCheck } from './projection.js';

export type Side = 'BUY' | 'SELL';

/** A bond bought or sold, its issuer resolved (an issuer not yet known has an id of its own, e.g. negative). */
export interface Trade {
  issuerId: number;
  side: Side;
  /** Its own currency (ISO 4217), which an FX shock moves; the amounts are in the base currency */
  currency: string;
  marketCents: number;
  bookCents: number;
  parCents: number;
  /** Its own designation number 1..6; null: its family's, as a deal's */
  naic: number | null;
  /** null: its family's */
  sector: string | null;
  /** null: held over the whole horizon, and no spread shock */
  maturityDate: string | null;
}

/** One check whose exposure the trades change, before and after them. */
export interface CheckChange {
  before: LimitCheck;
  after: LimitCheck;
  /** Some date (today or a month end) where the trades make the exposure larger */
  raised: boolean;
}

export type Verdict = 'PASS' | 'WARNING' | 'BREACH';

export interface WhatIfResult {
  /** The worst status today among the checks the trades raise */
  verdict: Verdict;
  /** The worst projected status among them */
  projectedVerdict: Verdict;
  checks: CheckChange[];
}

const SEVERITY: Status[] = ['OK', 'WARNING', 'BREACH'];

function verdictOf(statuses: Status[]): Verdict {
  const worst = SEVERITY[Math.max(0, ...statuses.map((s) => SEVERITY.indexOf(s)))];
  return worst === 'OK' ? 'PASS' : worst;
}

/**
 * The trade as the snapshot's holdings would have it: a purchase adds a holding, a sale takes one
 * away (negative amounts), so its family's buckets, weighted designation and sector move as they
 * would in the next snapshot.
 */
export function tradeGroup(trade: Trade, family: FamilyPosition | undefined, durations: DurationTable): HoldingGroup {
  const sign = trade.side === 'BUY' ? 1 : -1;
  const marketCents = sign * trade.marketCents;
  const maturity = trade.maturityDate;
  return {
    issuerId: trade.issuerId,
    assetType: 'BOND',
    maturityMonth: maturity?.slice(0, 7) ?? null,
    couponRate: null,
    naic: trade.naic ?? family?.naic ?? null,
    sector: trade.sector ?? family?.sector ?? null,
    currency: trade.currency,
    parCents: sign * trade.parCents,
    marketCents,
    bookCents: sign * trade.bookCents,
    dollarDurationCents: maturity ? dollarDurationCents(null, new Map([[maturity, marketCents]]), durations) : 0,
  };
}

/** A family's position with buckets of its own, which adding to the rollup leaves as they are. */
function detached(family: FamilyPosition): FamilyPosition {
  return { ...family, buckets: family.buckets.map((bucket) => ({ ...bucket })) };
}

/**
 * The families after the trades: they are added to the rollup the positions were read from (which
 * they change), the traded families' positions before them kept apart first.
 */
function positionsAfter(
  input: ProjectionInput,
  rollup: FamilyRollup,
  familyOf: (issuerId: number) => number,
  trades: Trade[],
): { before: FamilyPosition[]; after: FamilyPosition[]; traded: Set<number> } {
  const traded = new Set(trades.map((trade) => familyOf(trade.issuerId)));
  const byId = new Map(input.families.map((family) => [family.familyId, family]));
  const before = input.families.map((family) => (traded.has(family.familyId) ? detached(family) : family));
  const durations = new DurationTable(input.portfolio.asOfDate);
  rollup.add(trades.map((trade) => tradeGroup(trade, byId.get(familyOf(trade.issuerId)), durations)));
  const after = rollup.positions((id) => byId.get(id)?.name ?? familyName(input, id));
  return { before, after, traded };
}

/** Scopes whose members are every family that qualifies: scheduled over all families, the others over the traded ones only. */
const AGGREGATES = new Set<Scope['type']>(['SECTOR', 'NAIC_RANGE', 'PORTFOLIO']);

/**
 * The checks on the traded families and on the aggregates holding them. A thousand families' own
 * checks would be scheduled for nothing, so family and group checks come from a universe of the
 * traded families alone (the replacement of defaults by family limits still applies there).
 */
function touchedChecks(ctx: ExposureContext, traded: Set<number>): Map<string, ScheduledCheck> {
  const universe = scopeUniverse(ctx);
  const tradedOnly = { ...universe, families: universe.families.filter((family) => traded.has(family.familyId)) };
  const { limits } = ctx.input;
  const scheduled = [
    ...checkSchedule(limits, tradedOnly, ctx.limitDates).filter(
      (s) => !s.at.some((check) => check && AGGREGATES.has(check.limit.scope.type)),
    ),
    ...checkSchedule(
      limits.filter((limit) => AGGREGATES.has(limit.scope.type)),
      universe,
      ctx.limitDates,
    ),
  ];
  const touches = (s: ScheduledCheck) => s.at.some((check) => check?.familyIds.some((id) => traded.has(id)));
  return new Map(scheduled.flatMap((s) => (touches(s) ? [[`${s.limitId}|${s.scopeKey}`, s] as const] : [])));
}

function exposuresOf(check: LimitCheck): number[] {
  return [check.current.exposureCents, ...check.months.map((month) => month.exposureCents)];
}

/**
 * Both sides of each check the trades touch, each under its own side's schedule: a family new to a
 * check (a new issuer, or a first bond in a NAIC range) counts nothing before, one leaving it
 * nothing after.
 */
function changes(beforeCtx: ExposureContext, afterCtx: ExposureContext, traded: Set<number>): CheckChange[] {
  const beforeChecks = touchedChecks(beforeCtx, traded);
  const afterChecks = touchedChecks(afterCtx, traded);
  const keys = new Set([...beforeChecks.keys(), ...afterChecks.keys()]);
  return [...keys].flatMap((key) => {
    const before = limitCheck(beforeCtx, beforeChecks.get(key) ?? afterChecks.get(key)!);
    const after = limitCheck(afterCtx, afterChecks.get(key) ?? beforeChecks.get(key)!);
    const [was, is] = [exposuresOf(before), exposuresOf(after)];
    if (is.every((cents, t) => cents === was[t])) return [];
    return [{ before, after, raised: is.some((cents, t) => cents > was[t]) }];
  });
}

/**
 * The pre-trade check: the trades applied to the snapshot's families (through the rollup the
 * projection read them with), then the same limit checks and projection before and after, only for
 * the checks on the traded families and the aggregates holding them. A sale that lowers a breach
 * passes: the verdicts count only the checks the trades raise.
 */
export function whatIf(
  input: ProjectionInput,
  rollup: FamilyRollup,
  familyOf: (issuerId: number) => number,
  trades: Trade[],
): WhatIfResult {
  const { before, after, traded } = positionsAfter(input, rollup, familyOf, trades);
  const checks = changes(exposureContext({ ...input, families: before }), exposureContext({ ...input, families: after }), traded);
  const order = inCheckOrder(checks.map((change) => change.after));
  checks.sort((a, b) => order.indexOf(a.after) - order.indexOf(b.after));
  const raised = checks.filter((change) => change.raised);
  return {
    verdict: verdictOf(raised.map((change) => change.after.current.status)),
    projectedVerdict: verdictOf(raised.map((change) => change.after.projectedStatus)),
    checks,
  };
}
