import type { FamilyPosition, Limit, NaicRange, PortfolioTerms } from './model.js';
import { sectorKey } from './sectors.js';

/** One limit applied to one family or aggregate of families. */
export interface ApplicableCheck {
  limit: Limit;
  scopeKey: string;
  scopeLabel: string;
  familyIds: number[];
  /** Only holdings and deals with their own designation in range count; null: all of them */
  designations: NaicRange | null;
}

/** What the families of a projection hold and are to receive, as the scopes select them. */
export interface ScopeUniverse {
  families: FamilyPosition[];
  nameOf(familyId: number): string;
  /** The own designations of a family's bonds and deals */
  designationsOf(familyId: number): ReadonlySet<number>;
  /** All it holds and is to receive is of limitExempt issuers (the US Treasury, agencies) */
  whollyExempt(familyId: number): boolean;
}

function required(value: number | null, limit: Limit, field: string): number {
  if (value === null) throw new RangeError(`limit ${limit.id} (${limit.basis}) has no ${field}`);
  return value;
}

/** What a PCT limit is a percentage of today: admitted assets, or capital and surplus; null for an ABSOLUTE limit. */
export function basisCents(limit: Pick<Limit, 'basis'>, portfolio: PortfolioTerms): number | null {
  if (limit.basis === 'ABSOLUTE') return null;
  return limit.basis === 'PCT_ADMITTED_ASSETS' ? portfolio.admittedAssetsCents : portfolio.capitalSurplusCents;
}

/** The limit amount `monthsAhead` months from the as-of date; only PCT bases grow with the assets. */
export function limitAmountCents(limit: Limit, portfolio: PortfolioTerms, monthsAhead: number, growthPctPerYear: number): number {
  if (limit.basis === 'ABSOLUTE') return required(limit.limitAmountCents, limit, 'limitAmountCents');
  const base = basisCents(limit, portfolio)!;
  const growth = (1 + growthPctPerYear / 100) ** (monthsAhead / 12);
  // pct x base first: exact for whole and half percents, so a half cent rounds the same way every time.
  return Math.round(((required(limit.limitPct, limit, 'limitPct') * base) / 100) * growth);
}

/** With neither bound set every family is in range; otherwise an unrated family is in none. */
function inNaicRange(naic: number | null, naicMin?: number | null, naicMax?: number | null): boolean {
  if (naicMin == null && naicMax == null) return true;
  if (naic === null) return false;
  return (naicMin == null || naic >= naicMin) && (naicMax == null || naic <= naicMax);
}

/** Whether a holding or deal of designation `naic` counts under `designations` (null: everything counts). */
export function counts(designations: NaicRange | null, naic: number | null | undefined): boolean {
  return designations === null || (naic != null && naic >= designations.naicMin && naic <= designations.naicMax);
}

/** The designations a check counts: a NAIC_RANGE's own range, narrowed by the limit's holdingsFilter; null: all. */
export function designationsCounted(naicRange: NaicRange | null, holdingsFilter: NaicRange | null): NaicRange | null {
  const ranges = [naicRange, holdingsFilter].filter((r) => r !== null);
  if (!ranges.length) return null;
  return { naicMin: Math.max(...ranges.map((r) => r.naicMin)), naicMax: Math.min(...ranges.map((r) => r.naicMax)) };
}

/** A family limit replaces the defaults that measure the same holdings: same measure, same holdings filter. */
function replacementKey(limit: Limit, familyId: number): string {
  const filter = limit.holdingsFilter ? `${limit.holdingsFilter.naicMin}-${limit.holdingsFilter.naicMax}` : 'all';
  return `${limit.measure}:${filter}:${familyId}`;
}

function holdsSome(held: ReadonlySet<number>, designations: NaicRange): boolean {
  for (const naic of held) if (counts(designations, naic)) return true;
  return false;
}

function idsOf(families: FamilyPosition[]): number[] {
  return families.map((family) => family.familyId).sort((a, b) => a - b);
}

function checksOf(limit: Limit, universe: ScopeUniverse, specificLimits: Set<string>): ApplicableCheck[] {
  const scope = limit.scope;
  const designations = designationsCounted(scope.type === 'NAIC_RANGE' ? scope : null, limit.holdingsFilter ?? null);
  const check = (scopeKey: string, scopeLabel: string, familyIds: number[]) => ({ limit, scopeKey, scopeLabel, familyIds, designations });
  const holdsAny = (f: FamilyPosition) => designations === null || holdsSome(universe.designationsOf(f.familyId), designations);
  const families = universe.families;
  switch (scope.type) {
    case 'EACH_ISSUER_FAMILY':
      return families
        .filter(
          (f) =>
            inNaicRange(f.naic, scope.naicMin, scope.naicMax) &&
            !specificLimits.has(replacementKey(limit, f.familyId)) &&
            holdsAny(f) &&
            !universe.whollyExempt(f.familyId),
        )
        .map((f) => check(`family:${f.familyId}`, f.name, [f.familyId]));
    case 'ISSUER_FAMILY': {
      const family = families.find((f) => f.familyId === scope.familyId);
      return [check(`family:${scope.familyId}`, family?.name ?? universe.nameOf(scope.familyId), [scope.familyId])];
    }
    case 'SECTOR': {
      const sector = sectorKey(scope.sector);
      return [
        check(
          `sector:${scope.sector}`,
          scope.sector,
          idsOf(families.filter((f) => f.sector && sectorKey(f.sector) === sector && holdsAny(f))),
        ),
      ];
    }
    case 'NAIC_RANGE': {
      const range = `${scope.naicMin}-${scope.naicMax}`;
      return [check(`naic:${range}`, `NAIC ${range}`, idsOf(families.filter(holdsAny)))];
    }
    case 'GROUP': {
      const familyIds = [...new Set(scope.familyIds)].sort((a, b) => a - b);
      return [check(`group:${scope.name}`, scope.name, familyIds)];
    }
    case 'PORTFOLIO':
      return [check('portfolio', 'Portfolio', idsOf(families.filter(holdsAny)))];
  }
}

/**
 * Every (limit, family or aggregate) pair to check. An ISSUER_FAMILY limit replaces the
 * EACH_ISSUER_FAMILY defaults of the same measure and holdings filter for its family. Aggregates are produced even when
 * no family falls in them today, so that the limit still shows (at zero). With designations counted
 * (NAIC_RANGE, holdingsFilter), a family or aggregate member holds or is to receive some of them.
 */
export function applicableChecks(limits: Limit[], universe: ScopeUniverse): ApplicableCheck[] {
  const specificLimits = new Set(limits.flatMap((l) => (l.scope.type === 'ISSUER_FAMILY' ? [replacementKey(l, l.scope.familyId)] : [])));
  return limits.flatMap((limit) => checksOf(limit, universe, specificLimits));
}

export function inForceOn(limit: Limit, date: string): boolean {
  return (
    (limit.effectiveFrom === null || limit.effectiveFrom <= date) &&
    (limit.effectiveTo === null || date <= limit.effectiveTo) &&
    (limit.supersededOn === null || date < limit.supersededOn)
  );
}

/** One limit on one family or aggregate over the dates t = 0..H: the version applied at each, null where none is in force. */
export interface ScheduledCheck {
  limitId: number;
  scopeKey: string;
  at: Array<ApplicableCheck | null>;
}

/**
 * Every (limit, family or aggregate) pair that is in force at one of `dates` at least, each date
 * with the limit versions in force on it: a limit enters on its effectiveFrom, leaves after its
 * effectiveTo, a new version takes over on its own effectiveFrom, and an ISSUER_FAMILY limit
 * replaces the default only while it is in force. Dates with the same limits in force share one
 * set of checks.
 */
export function checkSchedule(limits: Limit[], universe: ScopeUniverse, dates: string[]): ScheduledCheck[] {
  const scheduled = new Map<string, ScheduledCheck>();
  const checksOfSet = new Map<string, Array<[ScheduledCheck, ApplicableCheck]>>();
  dates.forEach((date, t) => {
    const inForce = limits.flatMap((limit, i) => (inForceOn(limit, date) ? [i] : []));
    const signature = inForce.join(',');
    let checks = checksOfSet.get(signature);
    if (!checks) {
      const applicable = applicableChecks(
        inForce.map((i) => limits[i]),
        universe,
      );
      checks = applicable.map((check) => [scheduleOf(scheduled, check, dates.length), check]);
      checksOfSet.set(signature, checks);
    }
    for (const [schedule, check] of checks) schedule.at[t] = check;
  });
  return [...scheduled.values()];
}

function scheduleOf(scheduled: Map<string, ScheduledCheck>, check: ApplicableCheck, dates: number): ScheduledCheck {
  const key = `${check.limit.id}|${check.scopeKey}`;
  let schedule = scheduled.get(key);
  if (!schedule) scheduled.set(key, (schedule = { limitId: check.limit.id, scopeKey: check.scopeKey, at: new Array(dates).fill(null) }));
  return schedule;
}
