import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TimeSlicer } from '../common/time-slice.js';
import type { BreachEntity, BreachEventEntity } from './breach.entity.js';
import { BreachesRepository, type OpenBreach } from './breaches.repository.js';

export type { OpenBreach };

/** Breaches read this many at a time: a run can leave thousands open. */
const BREACHES_PER_READ = 500;

/** A breach and its history, oldest event first. */
export interface BreachWithEvents {
  breach: BreachEntity;
  events: BreachEventEntity[];
}

/**
 * What other features read of the breaches (the digests, the reports), in the caller's transaction
 * when one is given: the breaches module's tables stay its own.
 */
@Injectable()
export class BreachReader {
  constructor(private readonly breaches: BreachesRepository) {}

  /** Every OPEN breach (id, portfolio, severity), by id: after a run's changes when read in its transaction. */
  open(tx: EntityManager): Promise<OpenBreach[]> {
    return this.breaches.openRows(tx);
  }

  /** The breaches of these ids, by id, read a chunk at a time with pauses. */
  async byIds(tx: EntityManager, ids: number[]): Promise<BreachEntity[]> {
    const slicer = new TimeSlicer();
    const breaches: BreachEntity[] = [];
    for (let i = 0; i < ids.length; i += BREACHES_PER_READ) {
      breaches.push(...(await this.breaches.byIds(tx, ids.slice(i, i + BREACHES_PER_READ))));
      await slicer.pause();
    }
    return breaches;
  }

  /**
   * The breaches of these problems (group keys) that a run left open, as they are now, with their
   * events: opened by that run or an earlier one, and not resolved by it or an earlier one. Told by
   * run ids (the OPENED event's run, the resolving run), not by times, which two runs may share.
   */
  async leftOpenBy(runId: number, groupKeys: string[]): Promise<BreachWithEvents[]> {
    const found: BreachWithEvents[] = [];
    for (let i = 0; i < groupKeys.length; i += BREACHES_PER_READ) {
      const breaches = await this.breaches.notResolvedBy(groupKeys.slice(i, i + BREACHES_PER_READ), runId);
      const events = await this.eventsOf(breaches);
      for (const breach of breaches) {
        const own = events.get(breach.id) ?? [];
        const openedBy = own.find((e) => e.type === 'OPENED')?.runId;
        if (openedBy == null || openedBy > runId) continue;
        found.push({ breach, events: own });
      }
    }
    return found;
  }

  private async eventsOf(breaches: BreachEntity[]): Promise<Map<number, BreachEventEntity[]>> {
    const events = new Map<number, BreachEventEntity[]>();
    for (let i = 0; i < breaches.length; i += BREACHES_PER_READ) {
      const ids = breaches.slice(i, i + BREACHES_PER_READ).map((b) => b.id);
      for (const event of await this.breaches.eventsOf(ids)) events.set(event.breachId, [...(events.get(event.breachId) ?? []), event]);
    }
    return events;
  }
}
