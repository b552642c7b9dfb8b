import { Injectable } from '@nestjs/common';
import { In, Not, type EntityManager } from 'typeorm';
import { TimeSlicer } from '../common/time-slice.js';
import { BulkInserter } from '../database/bulk-insert.js';
import { isSilenced, reconcile, type Condition } from './breach-lifecycle.js';
import { BreachEntity, BreachEventEntity, type Severity } from './breach.entity.js';

export type DigestChange = 'NEW' | 'ESCALATED' | 'EARLIER' | 'RESOLVED' | 'WAIVER_ENDED';

/** A breach that changed in a run in a way its recipients are told about. */
export interface Notable {
  breach: BreachEntity;
  change: DigestChange;
  /** the severity to filter on: for a resolution, the one it had */
  severity: Severity;
}

const EVENTS_PER_INSERT = 500;

type NewEvent = Omit<BreachEventEntity, 'id'>;

/** Applies a run's conditions to the breaches of the portfolios and scenarios it evaluated. */
@Injectable()
export class BreachRecorder {
  async record(tx: EntityManager, runId: number, now: string, evaluated: { portfolioIds: number[]; scenarios: string[] }, conditions: Condition[]): Promise<Notable[]> {
    const breaches = tx.getRepository(BreachEntity);
    const live = (await breaches.find({ where: { portfolioId: In(evaluated.portfolioIds), status: Not('RESOLVED') } })).filter(
      (b) => b.kind === 'CURRENT' || evaluated.scenarios.includes(b.scenario!),
    );
    const liveById = new Map(live.map((b) => [b.id, b]));
    const today = now.slice(0, 10);
    const { opened, updated, resolved } = reconcile(live, conditions, today);
    const slicer = new TimeSlicer();
    const notable: Notable[] = [];
    const events: NewEvent[] = [];
    const event = (breachId: number, type: string, data: object | null) => events.push({ breachId, at: now, type, actorEmail: 'system', runId, text: null, data });
    for (const condition of opened) {
      const fields = { ...figuresOf(condition), ...identityFieldsOf(condition), status: 'OPEN' as const, openedAt: now, lastSeenRunId: runId, resolvedAt: null, waivedUntil: null };
      const { identifiers } = await breaches.insert(fields);
      const breach = breaches.create({ ...fields, id: identifiers[0].id as number });
      event(breach.id, 'OPENED', { severity: breach.severity });
      notable.push({ breach, change: 'NEW', severity: breach.severity });
      await slicer.pause();
    }
    for (const { breach, condition, changes, waiverExpired } of updated) {
      const before = liveById.get(breach.id)!;
      const silenced = isSilenced(before, today);
      const changed = { ...figuresOf(condition), lastSeenRunId: runId, ...(waiverExpired && { status: 'OPEN' as const, waivedUntil: null }) };
      Object.assign(before, changed);
      await breaches.update({ id: before.id }, changed);
      if (waiverExpired) event(before.id, 'WAIVER_ENDED', null);
      for (const change of changes.filter((c) => c !== 'UPDATED')) {
        event(before.id, change, { severity: before.severity, projectedBreachDate: before.projectedBreachDate });
        if (!silenced) notable.push({ breach: before, change, severity: before.severity });
      }
      if (waiverExpired && !changes.some((c) => c !== 'UPDATED')) notable.push({ breach: before, change: 'WAIVER_ENDED', severity: before.severity });
      await slicer.pause();
    }
    for (const gone of resolved) {
      const breach = liveById.get(gone.id)!;
      const silenced = isSilenced(breach, today);
      const changed = { status: 'RESOLVED' as const, resolvedAt: now, lastSeenRunId: runId };
      Object.assign(breach, changed);
      await breaches.update({ id: breach.id }, changed);
      event(breach.id, 'RESOLVED', null);
      if (!silenced) notable.push({ breach, change: 'RESOLVED', severity: breach.severity });
      await slicer.pause();
    }
    const inserter = new BulkInserter(tx, 'breach_events', ['breach_id', 'at', 'type', 'actor_email', 'run_id', 'text', 'data'], EVENTS_PER_INSERT);
    for (const e of events) {
      await inserter.add([e.breachId, e.at, e.type, e.actorEmail, e.runId, e.text, e.data === null ? null : JSON.stringify(e.data)]);
      await slicer.pause();
    }
    await inserter.finish();
    return notable;
  }
}

function identityFieldsOf(c: Condition) {
  return { identity: c.identity, portfolioId: c.portfolioId, limitId: c.limitId, scopeKey: c.scopeKey, kind: c.kind, scenario: c.scenario };
}

function figuresOf(c: Condition) {
  return {
    scopeLabel: c.scopeLabel, severity: c.severity, exposureCents: c.exposureCents, limitCents: c.limitCents, utilizationPct: c.utilizationPct,
    currentExposureCents: c.currentExposureCents, projectedBreachDate: c.projectedBreachDate, breachProbability: c.breachProbability,
    probabilityMethod: c.probabilityMethod,
  };
}
