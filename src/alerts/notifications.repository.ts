import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database.js';
import { positional } from '../database/sql.js';
import { BreachNotificationEntity } from './recipient.entity.js';

const NOTIFICATIONS_PER_INSERT = 500;

/** The last time a recipient was told of a breach, and the utilization it was told, by breach id. */
export type Told = Map<number, { at: string; utilizationPct: number | null }>;

/** What each recipient was told of each breach, and when: the only code that knows breach_notifications. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: Database) {}

  /** What the recipient was last told of each breach it was told of. */
  async lastTold(tx: EntityManager, recipientId: number): Promise<Told> {
    const rows: Array<{ breach_id: number; notified_at: string; utilization_pct: string | number | null }> = await tx.query(
      positional(
        this.db.kind,
        `SELECT n.breach_id, n.notified_at, n.utilization_pct FROM breach_notifications n
        WHERE n.id IN (SELECT MAX(m.id) FROM breach_notifications m WHERE m.recipient_id = ? GROUP BY m.breach_id)`,
      ),
      [recipientId],
    );
    return new Map(
      rows.map((r) => [r.breach_id, { at: r.notified_at, utilizationPct: r.utilization_pct === null ? null : Number(r.utilization_pct) }]),
    );
  }

  /** Notes what recipients were told, a few hundred rows a statement. */
  async insert(tx: EntityManager, notes: Array<Omit<BreachNotificationEntity, 'id'>>): Promise<void> {
    for (let i = 0; i < notes.length; i += NOTIFICATIONS_PER_INSERT)
      await tx.getRepository(BreachNotificationEntity).insert(notes.slice(i, i + NOTIFICATIONS_PER_INSERT));
  }
}
