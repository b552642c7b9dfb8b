import { Injectable } from '@nestjs/common';
import { In, Not, type EntityManager } from 'typeorm';
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

/** Applies a run's conditions to the breaches of the portfolios and scenarios it evaluated. */
@Injectable()
export class BreachRecorder {
  async record(tx: EntityManager, runId: number, now: string, evaluated: { portfolioIds: number[]; scenarios: string[] }, conditions: Condition[]): Promise<Notable[]> {
    const breaches = tx.getRepository(BreachEntity);
    const live = (await breaches.find({ where: { portfolioId: In(evaluated.portfolioIds), status: Not('RESOLVED') } })).filter(
      (b) => b.kind === 'CURRENT' || evaluated.scenarios.includes(b.scenario!),
    );
    const today = now.slice(0, 10);
    const { opened, updated, resolved } = reconcile(live, conditions, today);
    const notable: Notable[] = [];
    for (const condition of opened) {
      const breach = await breaches.save({ ...figuresOf(condition), ...identityFieldsOf(condition), status: 'OPEN', openedAt: now, lastSeenRunId: runId, resolvedAt: null, waivedUntil: null });
      await this.event(tx, breach.id, now, runId, 'OPENED', { severity: breach.severity });
      notable.push({ breach, change: 'NEW', severity: breach.severity });
    }
    for (const { breach, condition, changes, waiverExpired } of updated) {
      const before = live.find((b) => b.id === breach.id)!;
      const silenced = isSilenced(before, today);
      Object.assign(before, figuresOf(condition), { lastSeenRunId: runId }, waiverExpired && { status: 'OPEN', waivedUntil: null });
      await breaches.save(before);
      if (waiverExpired) await this.event(tx, before.id, now, runId, 'WAIVER_ENDED', null);
      for (const change of changes.filter((c) => c !== 'UPDATED')) {
        await this.event(tx, before.id, now, runId, change, { severity: before.severity, projectedBreachDate: before.projectedBreachDate });
        if (!silenced) notable.push({ breach: before, change, severity: before.severity });
      }
      if (waiverExpired && !changes.some((c) => c !== 'UPDATED')) notable.push({ breach: before, change: 'WAIVER_ENDED', severity: before.severity });
    }
    for (const gone of resolved) {
      const breach = live.find((b) => b.id === gone.id)!;
      const silenced = isSilenced(breach, today);
      Object.assign(breach, { status: 'RESOLVED', resolvedAt: now, lastSeenRunId: runId });
      await breaches.save(breach);
      await this.event(tx, breach.id, now, runId, 'RESOLVED', null);
      if (!silenced) notable.push({ breach, change: 'RESOLVED', severity: breach.severity });
    }
    return notable;
  }

  private async event(tx: EntityManager, breachId: number, at: string, runId: number, type: string, data: object | null): Promise<void> {
    await tx.getRepository(BreachEventEntity).insert({ breachId, at, type, actorEmail: 'system', runId, text: null, data });
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
