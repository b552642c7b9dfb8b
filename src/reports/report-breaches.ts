import { In, MoreThan, Not, type EntityManager } from 'typeorm';
import { BreachEntity, BreachEventEntity } from '../breaches/breach.entity.js';
import type { BreachNow } from './report.js';

const PER_READ = 500;
const SYSTEM = 'system';

/**
 * The breaches of these problems that a run left open, as they are now, with what people did to
 * them: opened by that run or an earlier one, and not resolved by it or an earlier one. Told by run
 * ids (the OPENED event's run, the resolving run), not by times, which two runs may share.
 */
export async function breachesLeftOpen(manager: EntityManager, runId: number, groupKeys: string[]): Promise<Map<string, BreachNow[]>> {
  const found = new Map<string, BreachNow[]>();
  for (let i = 0; i < groupKeys.length; i += PER_READ) {
    const breaches = await manager.getRepository(BreachEntity).find({
      where: [
        { groupKey: In(groupKeys.slice(i, i + PER_READ)), status: Not('RESOLVED') },
        { groupKey: In(groupKeys.slice(i, i + PER_READ)), lastSeenRunId: MoreThan(runId) },
      ],
      order: { id: 'ASC' },
    });
    const events = await eventsOf(manager, breaches);
    for (const breach of breaches) {
      const own = events.get(breach.id) ?? [];
      const openedBy = own.find((e) => e.type === 'OPENED')?.runId;
      if (openedBy == null || openedBy > runId) continue;
      found.set(breach.groupKey, [...(found.get(breach.groupKey) ?? []), toBreachNow(breach, own)]);
    }
  }
  return found;
}

async function eventsOf(manager: EntityManager, breaches: BreachEntity[]): Promise<Map<number, BreachEventEntity[]>> {
  const events = new Map<number, BreachEventEntity[]>();
  for (let i = 0; i < breaches.length; i += PER_READ) {
    const ids = breaches.slice(i, i + PER_READ).map((b) => b.id);
    for (const event of await manager.getRepository(BreachEventEntity).find({ where: { breachId: In(ids) }, order: { id: 'ASC' } }))
      events.set(event.breachId, [...(events.get(event.breachId) ?? []), event]);
  }
  return events;
}

function toBreachNow(breach: BreachEntity, events: BreachEventEntity[]): BreachNow {
  return {
    id: breach.id,
    kind: breach.kind,
    scenario: breach.scenario,
    status: breach.status,
    waivedUntil: breach.waivedUntil,
    events: events
      .filter((e) => e.actorEmail !== SYSTEM)
      .map((e) => ({ type: e.type, actor: e.actorEmail, at: e.at, text: e.text, data: e.data })),
  };
}
