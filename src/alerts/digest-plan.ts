import type { DigestChange } from '../breaches/breach-recorder.js';
import type { ResolutionOf } from '../breaches/breach-lifecycle.js';
import type { BreachEntity } from '../breaches/breach.entity.js';

export type LineChange = DigestChange | 'WORSENED' | 'STILL_OPEN';

/** One breach in a digest, and what happened to it. */
export interface DigestLine {
  breach: BreachEntity;
  portfolio: string;
  /** The portfolio's base currency, which the breach's amounts are in */
  currency: string;
  change: LineChange;
  /** RESOLVED: why */
  resolution?: ResolutionOf;
  /** WORSENED: the utilization the recipient was last told */
  toldUtilizationPct?: number;
}

/** An email of thousands of entries is read by no one (and took seconds to write): the rest is counted and linked. */
export const MAX_DIGEST_ENTRIES = 100;

/** The order of a digest's sections: what changed most first. */
export const CHANGE_ORDER: LineChange[] = ['NEW', 'ESCALATED', 'WORSENED', 'EARLIER', 'WAIVER_ENDED', 'STILL_OPEN', 'RESOLVED'];

/** One problem (portfolio, limit, scope): today's breach and one per scenario, told as one entry. */
export interface DigestEntry {
  lines: DigestLine[];
  change: LineChange;
  rank: number;
}

/** A digest's entries, worst first, and those it lists: decided before the charts are drawn, so that only the listed ones are. */
export interface DigestPlan {
  entries: DigestEntry[];
  listed: DigestEntry[];
}

export function planDigest(lines: DigestLine[]): DigestPlan {
  const entries = entriesOf(lines);
  return { entries, listed: entries.slice(0, MAX_DIGEST_ENTRIES) };
}

/** The problems (group keys) a digest lists, whose charts it shows. */
export function listedProblems(plan: DigestPlan): string[] {
  return plan.listed.map((e) => e.lines[0].breach.groupKey);
}

/** Lines grouped per problem; an entry is as important as its most important line, then as its worst. */
function entriesOf(lines: DigestLine[]): DigestEntry[] {
  const groups = new Map<string, DigestLine[]>();
  for (const line of lines) groups.set(line.breach.groupKey, [...(groups.get(line.breach.groupKey) ?? []), line]);
  return [...groups.values()]
    .map((group) => {
      const sorted = group.sort(
        (a, b) => memberOrder(a) - memberOrder(b) || (a.breach.scenario ?? '').localeCompare(b.breach.scenario ?? ''),
      );
      return {
        lines: sorted,
        change: CHANGE_ORDER[Math.min(...group.map((l) => CHANGE_ORDER.indexOf(l.change)))],
        rank: Math.max(...group.map(rank)),
      };
    })
    .sort((a, b) => CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change) || b.rank - a.rank);
}

/** Today's figures first, then each scenario's. */
function memberOrder(line: DigestLine): number {
  return line.breach.kind === 'CURRENT' ? 0 : 1;
}

/** Severity first, then how far over: a breach outranks any warning. */
function rank(l: DigestLine): number {
  return (l.breach.severity === 'BREACH' ? 1e30 : 0) + l.breach.utilizationPct;
}

export function worstSeverity(entry: DigestEntry): string {
  return entry.lines.some((l) => l.breach.severity === 'BREACH') ? 'BREACH' : 'WARNING';
}
