import { groupKeyOf, identityOf, type Condition } from '../breaches/breach-lifecycle.js';
import type { LimitCheck, MonthPoint } from '../risk/model.js';

/**
 * The conditions of one portfolio's checks under one scenario: a CURRENT one where today's status
 * is not OK (scenario-free, so taken once), a PROJECTED one where the projection is not OK, shown
 * at its breach date or, for a warning, at its month of highest utilization.
 */
export function conditionsOf(
  portfolio: { id: number; code: string },
  scenario: string,
  checks: LimitCheck[],
  withCurrent: boolean,
): Condition[] {
  const conditions: Condition[] = [];
  for (const check of checks) {
    const scope = { portfolioId: portfolio.id, limitId: check.limitId, scopeKey: check.scopeKey };
    const base = {
      ...scope,
      portfolio: portfolio.code,
      scopeLabel: check.scopeLabel,
      groupKey: groupKeyOf(scope),
      memberIds: `,${check.familyIds.join(',')},`,
      currentExposureCents: check.current.exposureCents,
    };
    if (withCurrent && check.current.status !== 'OK') {
      const identity = identityOf({ ...base, kind: 'CURRENT', scenario: null });
      conditions.push({
        ...base,
        identity,
        kind: 'CURRENT',
        scenario: null,
        severity: check.current.status,
        ...figures(check.current),
        projectedBreachDate: null,
        breachProbability: null,
        probabilityMethod: null,
      });
    }
    if (check.projectedStatus !== 'OK') {
      const identity = identityOf({ ...base, kind: 'PROJECTED', scenario });
      const month = check.projectedBreachDate
        ? check.months.find((m) => m.date === check.projectedBreachDate)!
        : highestUtilization(check.months);
      conditions.push({
        ...base,
        identity,
        kind: 'PROJECTED',
        scenario,
        severity: check.projectedStatus,
        ...figures(month),
        projectedBreachDate: check.projectedBreachDate,
        breachProbability: check.breachProbability?.value ?? null,
        probabilityMethod: check.breachProbability?.method ?? null,
      });
    }
  }
  return conditions;
}

function figures(point: MonthPoint) {
  return { exposureCents: point.exposureCents, limitCents: point.limitCents, utilizationPct: point.utilizationPct };
}

function highestUtilization(months: MonthPoint[]): MonthPoint {
  return months.reduce((best, m) => (m.utilizationPct > best.utilizationPct ? m : best));
}
