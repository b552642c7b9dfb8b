import type { BreachWithEvents } from '../breaches/breach-reader.js';
import type { BreachNow } from './report.js';

const SYSTEM = 'system';

/** The breaches a run left open (BreachReader.leftOpenBy) by problem (group key), as the report shows them: with what people did to them. */
export function byProblem(leftOpen: BreachWithEvents[]): Map<string, BreachNow[]> {
  const found = new Map<string, BreachNow[]>();
  for (const breach of leftOpen) found.set(breach.breach.groupKey, [...(found.get(breach.breach.groupKey) ?? []), toBreachNow(breach)]);
  return found;
}

function toBreachNow({ breach, events }: BreachWithEvents): BreachNow {
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
