import { centsToNumber } from '../common/money.js';
import type { LimitCheck, Status } from '../risk/model.js';

/** How many families a run records per portfolio for the report's concentration table. */
export const CONCENTRATION_SIZE = 10;

/** A family at its most used family limit today, in dollars: a row of the report's concentration table. */
export interface ConcentrationRow {
  familyId: number;
  family: string;
  limitId: number;
  limitName: string;
  exposure: number;
  limit: number;
  headroom: number;
  utilizationPct: number;
  status: Status;
}

/**
 * The families closest to (or over) their limits today, OK or not: each family at the family limit
 * it uses most (a default limit, its own, or one counting only part of its holdings), highest
 * utilization first, then largest exposure, then by name.
 */
export function concentrationOf(checks: LimitCheck[], size = CONCENTRATION_SIZE): ConcentrationRow[] {
  const fullest = new Map<string, LimitCheck>();
  for (const check of checks) {
    if (!check.scopeKey.startsWith('family:') || check.inForceFrom !== null) continue;
    const held = fullest.get(check.scopeKey);
    if (!held || check.current.utilizationPct > held.current.utilizationPct) fullest.set(check.scopeKey, check);
  }
  return [...fullest.values()]
    .sort(
      (a, b) =>
        b.current.utilizationPct - a.current.utilizationPct ||
        b.current.exposureCents - a.current.exposureCents ||
        a.scopeLabel.localeCompare(b.scopeLabel),
    )
    .slice(0, size)
    .map(toRow);
}

function toRow(check: LimitCheck): ConcentrationRow {
  const { current } = check;
  return {
    familyId: check.familyIds[0],
    family: check.scopeLabel,
    limitId: check.limitId,
    limitName: check.limitName,
    exposure: centsToNumber(current.exposureCents),
    limit: centsToNumber(current.limitCents),
    headroom: centsToNumber(current.headroomCents),
    utilizationPct: current.utilizationPct,
    status: current.status,
  };
}
