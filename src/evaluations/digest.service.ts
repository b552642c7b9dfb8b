import { Inject, Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import { OutboxService } from '../alerts/outbox.service.js';
import { BreachNotificationEntity, RecipientEntity } from '../alerts/recipient.entity.js';
import { BreachEntity } from '../breaches/breach.entity.js';
import type { Notable } from '../breaches/breach-recorder.js';
import { TimeSlicer } from '../common/time-slice.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { positional } from '../database/sql.js';
import { composeDigest, type DigestLine } from './digest.js';

const HOUR_MS = 3_600_000;
const NOTIFICATIONS_PER_INSERT = 500;
const BREACHES_PER_READ = 500;
/** Runs start a little earlier or later each day; a daily reminder must not slip to every other day. */
const REPEAT_GRACE_MS = 15 * 60_000;

/**
 * After a run, one email per recipient with what changed for them, plus the open breaches nobody
 * acknowledged since their repeat interval; nothing to say, no email. Written to the outbox in
 * the run's transaction.
 */
@Injectable()
export class DigestService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enqueue(tx: EntityManager, runId: number, now: string, notable: Notable[], codes: Map<number, string>): Promise<number> {
    const recipients = await tx.getRepository(RecipientEntity).find({ where: { deletedAt: IsNull() }, order: { id: 'ASC' } });
    if (!recipients.length) return 0;
    const changed = new Set(notable.map((n) => n.breach.id));
    let sent = 0;
    for (const recipient of recipients) {
      const told = await this.toldOf(tx, recipient, notable.filter((n) => n.change === 'RESOLVED'));
      const lines = [...notable.map((n) => ({ breach: n.breach, change: n.change, severity: n.severity })), ...(await this.reminders(tx, recipient, changed, now))]
        .filter((l) => (l.change === 'RESOLVED' ? told.has(l.breach.id) : wants(recipient, codes.get(l.breach.portfolioId) ?? '', l.severity)))
        .map((l): DigestLine => ({ breach: l.breach, change: l.change, portfolio: codes.get(l.breach.portfolioId) ?? '' }));
      if (!lines.length) continue;
      const digest = composeDigest(lines, this.config.publicUrl);
      await this.outbox.enqueue(tx, { to: recipient.email, subject: digest.subject, text: digest.text, html: digest.html, runId });
      // Only what the email lists counts as told: the rest comes back as still open in the next digest.
      const notes = digest.listed.map((l) => ({ recipientId: recipient.id, breachId: l.breach.id, notifiedAt: now }));
      for (let i = 0; i < notes.length; i += NOTIFICATIONS_PER_INSERT) await tx.getRepository(BreachNotificationEntity).insert(notes.slice(i, i + NOTIFICATIONS_PER_INSERT));
      sent += 1;
    }
    return sent;
  }

  /** A resolution goes to those who were told of the breach, whatever its severity became. */
  private async toldOf(tx: EntityManager, recipient: RecipientEntity, resolved: Notable[]): Promise<Set<number>> {
    if (!resolved.length) return new Set();
    const notes = await tx.getRepository(BreachNotificationEntity).find({ where: { recipientId: recipient.id, breachId: In(resolved.map((n) => n.breach.id)) } });
    return new Set(notes.map((n) => n.breachId));
  }

  /**
   * The open breaches this run did not change and this recipient was not told of for its repeat
   * interval. Found in SQL, then read a chunk at a time: a run can leave thousands open.
   */
  private async reminders(tx: EntityManager, recipient: RecipientEntity, changed: Set<number>, now: string) {
    const rows: Array<{ id: number; told: string | null }> = await tx.query(
      positional(this.db.kind, `SELECT b.id AS id, MAX(n.notified_at) AS told FROM breaches b
         LEFT JOIN breach_notifications n ON n.breach_id = b.id AND n.recipient_id = ? WHERE b.status = 'OPEN' GROUP BY b.id ORDER BY b.id`),
      [recipient.id],
    );
    const due = rows.filter((r) => !changed.has(r.id) && (!r.told || Date.parse(now) - Date.parse(r.told) >= recipient.repeatIntervalHours * HOUR_MS - REPEAT_GRACE_MS));
    const slicer = new TimeSlicer();
    const breaches: BreachEntity[] = [];
    for (let i = 0; i < due.length; i += BREACHES_PER_READ) {
      breaches.push(...(await tx.getRepository(BreachEntity).find({ where: { id: In(due.slice(i, i + BREACHES_PER_READ).map((r) => r.id)) }, order: { id: 'ASC' } })));
      await slicer.pause();
    }
    return breaches.map((breach) => ({ breach, change: 'STILL_OPEN' as const, severity: breach.severity }));
  }
}

function wants(recipient: RecipientEntity, portfolio: string, severity: string): boolean {
  return (!recipient.portfolios || recipient.portfolios.includes(portfolio)) && (recipient.minSeverity === 'WARNING' || severity === 'BREACH');
}
