import type { BreachKind, BreachStatus, Resolution } from './breach.entity.js';
import type { Severity } from './severity.js';

/** A limit condition one run found: what would open or update a breach. */
export interface Condition {
  identity: string;
  portfolioId: number;
  portfolio: string;
  limitId: number;
  scopeKey: string;
  scopeLabel: string;
  /** portfolio|limit|scope: the problem this condition is one view of */
  groupKey: string;
  /** The families in the scope, as ",12,40," */
  memberIds: string;
  kind: BreachKind;
  scenario: string | null;
  severity: Severity;
  exposureCents: number;
  limitCents: number;
  utilizationPct: number;
  currentExposureCents: number;
  projectedBreachDate: string | null;
  breachProbability: number | null;
  probabilityMethod: string | null;
}

/** What the lifecycle needs of a breach that is not resolved. */
export interface LiveBreach {
  id: number;
  identity: string;
  status: BreachStatus;
  severity: Severity;
  projectedBreachDate: string | null;
  waivedUntil: string | null;
}

export type Change = 'ESCALATED' | 'EARLIER' | 'UPDATED';

export interface Reconciliation {
  opened: Condition[];
  updated: Array<{ breach: LiveBreach; condition: Condition; changes: Change[]; waiverExpired: boolean }>;
  resolved: LiveBreach[];
}

export function identityOf(c: Pick<Condition, 'portfolioId' | 'limitId' | 'scopeKey' | 'kind' | 'scenario'>): string {
  return [groupKeyOf(c), c.kind, c.scenario ?? ''].join('|');
}

export function groupKeyOf(c: Pick<Condition, 'portfolioId' | 'limitId' | 'scopeKey'>): string {
  return [c.portfolioId, c.limitId, c.scopeKey].join('|');
}

/** What a run looked at, OK or not: enough to say why a breach it no longer finds resolved. */
export interface RunCoverage {
  /** `portfolioId|limitId` of every limit in force in the portfolios evaluated */
  limitsInForce: Set<string>;
  /** The identity of every check the run made, whatever its status */
  checked: Set<string>;
  /** `portfolioId|scopeKey` -> the limits that checked that scope */
  scopeLimits: Map<string, Array<{ limitId: number; name: string }>>;
}

export interface ResolutionOf {
  reason: Resolution;
  /** For SUPERSEDED: the limit that now governs the scope */
  supersededBy: { limitId: number; name: string } | null;
}

/**
 * Why a breach the run no longer finds resolved: its limit is no longer in force; or the check
 * was made and is within the limit; or another limit now checks the scope (a family limit taking
 * over from the default); or else the scope is no longer held.
 */
export function resolutionOf(
  breach: Pick<Condition, 'portfolioId' | 'limitId' | 'scopeKey' | 'kind' | 'scenario'>,
  coverage: RunCoverage,
): ResolutionOf {
  if (!coverage.limitsInForce.has(`${breach.portfolioId}|${breach.limitId}`)) return { reason: 'LIMIT_ENDED', supersededBy: null };
  if (coverage.checked.has(identityOf(breach))) return { reason: 'UNDER_LIMIT', supersededBy: null };
  const governor = coverage.scopeLimits.get(`${breach.portfolioId}|${breach.scopeKey}`)?.find((l) => l.limitId !== breach.limitId);
  return governor ? { reason: 'SUPERSEDED', supersededBy: governor } : { reason: 'NOT_HELD', supersededBy: null };
}

/**
 * One run against the breaches it could see: a new condition opens a breach, a present one
 * updates it (noting an escalation or an earlier projected date), a missing one resolves it.
 */
export function reconcile(live: LiveBreach[], conditions: Condition[], today: string): Reconciliation {
  const byIdentity = new Map(live.map((b) => [b.identity, b]));
  const seen = new Set<string>();
  const result: Reconciliation = { opened: [], updated: [], resolved: [] };
  for (const condition of conditions) {
    seen.add(condition.identity);
    const breach = byIdentity.get(condition.identity);
    if (!breach) result.opened.push(condition);
    else
      result.updated.push({
        breach,
        condition,
        changes: changesOf(breach, condition),
        waiverExpired: breach.status === 'WAIVED' && !!breach.waivedUntil && breach.waivedUntil < today,
      });
  }
  result.resolved = live.filter((b) => !seen.has(b.identity));
  return result;
}

function changesOf(breach: LiveBreach, condition: Condition): Change[] {
  const changes: Change[] = [];
  if (breach.severity === 'WARNING' && condition.severity === 'BREACH') changes.push('ESCALATED');
  if (breach.projectedBreachDate && condition.projectedBreachDate && condition.projectedBreachDate < breach.projectedBreachDate)
    changes.push('EARLIER');
  return changes.length ? changes : ['UPDATED'];
}

/** A waived breach stays silent until its waiver ends. */
export function isSilenced(breach: Pick<LiveBreach, 'status' | 'waivedUntil'>, today: string): boolean {
  return breach.status === 'WAIVED' && !!breach.waivedUntil && breach.waivedUntil >= today;
}
