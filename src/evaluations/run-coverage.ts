import { identityOf, type RunCoverage } from '../breaches/breach-lifecycle.js';
import { whollyExemptFamilyIds } from '../risk/exposure.js';
import type { LimitCheck, ProjectionInput, Scenario } from '../risk/model.js';

/** What a run looked at, OK or not (see RunCoverage): filled as it checks each portfolio. */
export function emptyCoverage(): RunCoverage {
  return { limitsInForce: new Set(), checked: new Set(), scopeLimits: new Map() };
}

/** Adds what one portfolio's checks looked at to the run's. */
export function mergeCoverage(into: RunCoverage, from: RunCoverage): void {
  from.limitsInForce.forEach((key) => into.limitsInForce.add(key));
  from.checked.forEach((key) => into.checked.add(key));
  from.scopeLimits.forEach((limits, key) => into.scopeLimits.set(key, limits));
}

/** Notes what a check looked at: its limit and scope, and the identities it stands for, OK or not. */
export function cover(coverage: RunCoverage, portfolioId: number, scenario: string, check: LimitCheck): void {
  const scope = { portfolioId, limitId: check.limitId, scopeKey: check.scopeKey };
  coverage.checked.add(identityOf({ ...scope, kind: 'CURRENT', scenario: null }));
  coverage.checked.add(identityOf({ ...scope, kind: 'PROJECTED', scenario }));
  const key = `${portfolioId}|${check.scopeKey}`;
  const limits = coverage.scopeLimits.get(key) ?? [];
  if (!limits.some((l) => l.limitId === check.limitId)) limits.push({ limitId: check.limitId, name: check.limitName });
  coverage.scopeLimits.set(key, limits);
}

/**
 * A family made limitExempt is no longer checked by EACH_ISSUER_FAMILY limits: nothing it holds counts
 * there, so its breaches under them resolve as UNDER_LIMIT, not as if it were no longer held.
 */
export function coverExempt(
  coverage: RunCoverage,
  portfolioId: number,
  input: Omit<ProjectionInput, 'scenario'>,
  scenarios: Scenario[],
): void {
  const each = input.limits.filter((limit) => limit.scope.type === 'EACH_ISSUER_FAMILY');
  for (const familyId of whollyExemptFamilyIds(input)) {
    for (const limit of each) {
      const scope = { portfolioId, limitId: limit.id, scopeKey: `family:${familyId}` };
      coverage.checked.add(identityOf({ ...scope, kind: 'CURRENT', scenario: null }));
      for (const { name } of scenarios) coverage.checked.add(identityOf({ ...scope, kind: 'PROJECTED', scenario: name }));
    }
  }
}
