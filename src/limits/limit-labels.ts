import type { EntityManager } from 'typeorm';

/** A limit as alerts, breaches and reports name it. */
export interface LimitLabel {
  id: number;
  name: string;
  source: string | null;
}

/** Every limit's name and source from its latest version: a deleted limit's too, since a resolution names it. */
export async function limitLabels(manager: EntityManager): Promise<Map<number, LimitLabel>> {
  const rows: Array<{ limit_id: number; name: string; source: string | null }> = await manager.query(
    'SELECT v.limit_id, v.name, v.source FROM limit_versions v WHERE v.version = (SELECT MAX(o.version) FROM limit_versions o WHERE o.limit_id = v.limit_id)',
  );
  return new Map(rows.map((r) => [r.limit_id, { id: r.limit_id, name: r.name, source: r.source }]));
}
