import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TimeSlicer } from '../common/time-slice.js';
import { isSilenced, reconcile, resolutionOf, type Condition, type ResolutionOf, type RunCoverage } from './breach-lifecycle.js';
import type { BreachEntity, Resolution } from './breach.entity.js';
import { BreachesRepository, type NewBreachEvent } from './breaches.repository.js';
import type { Severity } from './severity.js';

export type DigestChange = 'NEW' | 'ESCALATED' | 'EARLIER' | 'RESOLVED' | 'WAIVER_ENDED';

/** A breach that changed in a run in a way its recipients are told about. */
export interface Notable {
  breach: BreachEntity;
  change: DigestChange;
  /** the severity to filter on: for a resolution, the one it had */
  severity: Severity;
  /** for a resolution: why, and the limit that took over */
  resolution?: ResolutionOf;
}

/** What a run did to the breaches: told changes, every breach it updated (for worsenings), and counts that add up. */
export interface RecordOutcome {
  notable: Notable[];
  /** Breaches the run saw again, not waived: a recipient is told again when one worsened */
  seenAgain: BreachEntity[];
  counts: { opened: number; updated: number; resolved: number; resolvedBy: Record<Resolution, number> };
}

const BREACHES_PER_READ = 1000;

/** Applies a run's conditions to the breaches of the portfolios and scenarios it evaluated. */
@Injectable()
export class BreachRecorder {
  constructor(private readonly breaches: BreachesRepository) {}

  async record(
    tx: EntityManager,
    runId: number,
    now: string,
    evaluated: { portfolioIds: number[]; scenarios: string[] },
    conditions: Condition[],
    coverage: RunCoverage,
  ): Promise<RecordOutcome> {
    const slicer = new TimeSlicer();
    const live = (await this.unresolved(tx, evaluated.portfolioIds, slicer)).filter(
      (b) => b.kind === 'CURRENT' || evaluated.scenarios.includes(b.scenario!),
    );
    const liveById = new Map(live.map((b) => [b.id, b]));
    const today = now.slice(0, 10);
    const { opened, updated, resolved } = reconcile(live, conditions, today);
    const outcome: RecordOutcome = {
      notable: [],
      seenAgain: [],
      counts: {
        opened: opened.length,
        updated: updated.length,
        resolved: resolved.length,
        resolvedBy: { UNDER_LIMIT: 0, LIMIT_ENDED: 0, SUPERSEDED: 0, NOT_HELD: 0 },
      },
    };
    const { notable } = outcome;
    const events: NewBreachEvent[] = [];
    const event = (breachId: number, type: string, data: object | null, text: string | null = null) =>
      events.push({ breachId, at: now, type, actorEmail: 'system', runId, text, data });
    for (const condition of opened) {
      const fields = {
        ...figuresOf(condition),
        ...identityFieldsOf(condition),
        status: 'OPEN' as const,
        openedAt: now,
        lastSeenRunId: runId,
        resolvedAt: null,
        waivedUntil: null,
        resolution: null,
        waiverRequest: null,
      };
      const breach = await this.breaches.open(tx, fields);
      event(breach.id, 'OPENED', { severity: breach.severity });
      notable.push({ breach, change: 'NEW', severity: breach.severity });
      await slicer.pause();
    }
    for (const { breach, condition, changes, waiverExpired } of updated) {
      const before = liveById.get(breach.id)!;
      const silenced = isSilenced(before, today);
      const changed = {
        ...figuresOf(condition),
        lastSeenRunId: runId,
        ...(waiverExpired && { status: 'OPEN' as const, waivedUntil: null }),
      };
      Object.assign(before, changed);
      await this.breaches.update(tx, before.id, changed);
      if (waiverExpired) event(before.id, 'WAIVER_ENDED', null);
      for (const change of changes.filter((c) => c !== 'UPDATED')) {
        event(before.id, change, { severity: before.severity, projectedBreachDate: before.projectedBreachDate });
        if (!silenced) notable.push({ breach: before, change, severity: before.severity });
      }
      if (waiverExpired && !changes.some((c) => c !== 'UPDATED'))
        notable.push({ breach: before, change: 'WAIVER_ENDED', severity: before.severity });
      if (!isSilenced(before, today)) outcome.seenAgain.push(before);
      await slicer.pause();
    }
    for (const gone of resolved) {
      const breach = liveById.get(gone.id)!;
      const silenced = isSilenced(breach, today);
      const resolution = resolutionOf(breach, coverage);
      const changed = {
        status: 'RESOLVED' as const,
        resolvedAt: now,
        lastSeenRunId: runId,
        resolution: resolution.reason,
        waiverRequest: null,
      };
      Object.assign(breach, changed);
      await this.breaches.update(tx, breach.id, changed);
      event(breach.id, 'RESOLVED', resolution, resolutionText(breach, resolution));
      outcome.counts.resolvedBy[resolution.reason] += 1;
      if (!silenced) notable.push({ breach, change: 'RESOLVED', severity: breach.severity, resolution });
      await slicer.pause();
    }
    await this.breaches.insertEvents(tx, events, slicer);
    return outcome;
  }

  /** The breaches not resolved in these portfolios, a page at a time: thousands of entities hydrated at once held the event loop. */
  private async unresolved(tx: EntityManager, portfolioIds: number[], slicer: TimeSlicer): Promise<BreachEntity[]> {
    const found: BreachEntity[] = [];
    for (let after = 0; ;) {
      const page = await this.breaches.unresolvedPage(tx, portfolioIds, after, BREACHES_PER_READ);
      found.push(...page);
      await slicer.pause();
      if (page.length < BREACHES_PER_READ) return found;
      after = page[page.length - 1].id;
    }
  }
}

/** The resolution in words, for the history and the digest. */
export function resolutionText(breach: Pick<BreachEntity, 'scopeLabel'>, { reason, supersededBy }: ResolutionOf): string {
  switch (reason) {
    case 'UNDER_LIMIT':
      return 'Exposure back within the limit';
    case 'LIMIT_ENDED':
      return 'The limit was deleted or is no longer in force';
    case 'SUPERSEDED':
      return `Superseded by limit #${supersededBy!.limitId} "${supersededBy!.name}", which now governs ${breach.scopeLabel}`;
    case 'NOT_HELD':
      return `${breach.scopeLabel} is no longer in the holdings`;
  }
}

function identityFieldsOf(c: Condition) {
  return {
    identity: c.identity,
    groupKey: c.groupKey,
    portfolioId: c.portfolioId,
    limitId: c.limitId,
    scopeKey: c.scopeKey,
    kind: c.kind,
    scenario: c.scenario,
  };
}

function figuresOf(c: Condition) {
  return {
    scopeLabel: c.scopeLabel,
    memberIds: c.memberIds,
    severity: c.severity,
    exposureCents: c.exposureCents,
    limitCents: c.limitCents,
    utilizationPct: c.utilizationPct,
    currentExposureCents: c.currentExposureCents,
    projectedBreachDate: c.projectedBreachDate,
    breachProbability: c.breachProbability,
    probabilityMethod: c.probabilityMethod,
  };
}
