import type { FamilyPosition, Limit, PortfolioTerms } from './model.js';

/** One limit applied to one family or aggregate of families. */
export interface ApplicableCheck {
  limit: Limit;
  scopeKey: string;
  scopeLabel: string;
  familyIds: number[];
}

function required(value: number | null, limit: Limit, field: string): number {
  if (value === null) throw new RangeError(`limit ${limit.id} (${limit.basis}) has no ${field}`);
  return value;
}

/** The limit amount `monthsAhead` months from the as-of date; only PCT bases grow with the assets. */
export function limitAmountCents(limit: Limit, portfolio: PortfolioTerms, monthsAhead: number, growthPctPerYear: number): number {
  if (limit.basis === 'ABSOLUTE') return required(limit.limitAmountCents, limit, 'limitAmountCents');
  const base = limit.basis === 'PCT_ADMITTED_ASSETS' ? portfolio.admittedAssetsCents : portfolio.capitalSurplusCents;
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

function familyCheck(limit: Limit, familyId: number, name: string): ApplicableCheck {
  return { limit, scopeKey: `family:${familyId}`, scopeLabel: name, familyIds: [familyId] };
}

function idsOf(families: FamilyPosition[]): number[] {
  return families.map((family) => family.familyId).sort((a, b) => a - b);
}

function checksOf(
  limit: Limit,
  families: FamilyPosition[],
  specificLimits: Set<string>,
  nameOf: (familyId: number) => string,
): ApplicableCheck[] {
  const scope = limit.scope;
  switch (scope.type) {
    case 'EACH_ISSUER_FAMILY':
      return families
        .filter((f) => inNaicRange(f.naic, scope.naicMin, scope.naicMax) && !specificLimits.has(`${limit.measure}:${f.familyId}`))
        .map((f) => familyCheck(limit, f.familyId, f.name));
    case 'ISSUER_FAMILY': {
      const family = families.find((f) => f.familyId === scope.familyId);
      return [familyCheck(limit, scope.familyId, family?.name ?? nameOf(scope.familyId))];
    }
    case 'SECTOR': {
      const sector = scope.sector.toLowerCase();
      const members = families.filter((f) => f.sector?.toLowerCase() === sector);
      return [{ limit, scopeKey: `sector:${scope.sector}`, scopeLabel: scope.sector, familyIds: idsOf(members) }];
    }
    case 'NAIC_RANGE': {
      const members = families.filter((f) => inNaicRange(f.naic, scope.naicMin, scope.naicMax));
      const range = `${scope.naicMin}-${scope.naicMax}`;
      return [{ limit, scopeKey: `naic:${range}`, scopeLabel: `NAIC ${range}`, familyIds: idsOf(members) }];
    }
    case 'GROUP': {
      const familyIds = [...new Set(scope.familyIds)].sort((a, b) => a - b);
      return [{ limit, scopeKey: `group:${scope.name}`, scopeLabel: scope.name, familyIds }];
    }
  }
}

/**
 * Every (limit, family or aggregate) pair to check. An ISSUER_FAMILY limit replaces the
 * EACH_ISSUER_FAMILY defaults of the same measure for its family. Aggregates are produced even when
 * no family falls in them today, so that the limit still shows (at zero).
 */
export function applicableChecks(limits: Limit[], families: FamilyPosition[], nameOf: (familyId: number) => string): ApplicableCheck[] {
  const specificLimits = new Set(limits.flatMap((l) => (l.scope.type === 'ISSUER_FAMILY' ? [`${l.measure}:${l.scope.familyId}`] : [])));
  return limits.flatMap((limit) => checksOf(limit, families, specificLimits, nameOf));
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
export function checkSchedule(
  limits: Limit[],
  families: FamilyPosition[],
  dates: string[],
  nameOf: (familyId: number) => string,
): ScheduledCheck[] {
  const scheduled = new Map<string, ScheduledCheck>();
  const checksOfSet = new Map<string, Array<[ScheduledCheck, ApplicableCheck]>>();
  dates.forEach((date, t) => {
    const inForce = limits.flatMap((limit, i) => (inForceOn(limit, date) ? [i] : []));
    const signature = inForce.join(',');
    let checks = checksOfSet.get(signature);
    if (!checks) {
      const applicable = applicableChecks(
        inForce.map((i) => limits[i]),
        families,
        nameOf,
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
