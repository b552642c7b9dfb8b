import { Inject, Injectable } from '@nestjs/common';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { OutboxService } from '../alerts/outbox.service.js';
import { BreachNotificationEntity, RecipientEntity } from '../alerts/recipient.entity.js';
import { BreachEntity } from '../breaches/breach.entity.js';
import type { Notable } from '../breaches/breach-recorder.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { composeDigest, type DigestLine } from './digest.js';

const HOUR_MS = 3_600_000;
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enqueue(tx: EntityManager, runId: number, now: string, notable: Notable[], codes: Map<number, string>): Promise<number> {
    const recipients = await tx.getRepository(RecipientEntity).find({ where: { deletedAt: IsNull() }, order: { id: 'ASC' } });
    if (!recipients.length) return 0;
    const changed = new Set(notable.map((n) => n.breach.id));
    const open = await tx.getRepository(BreachEntity).find({ where: { status: 'OPEN', id: Not(In([...changed, 0])) } });
    let sent = 0;
    for (const recipient of recipients) {
      const told = await this.toldOf(tx, recipient, notable.filter((n) => n.change === 'RESOLVED'));
      const lines = [...notable.map((n) => ({ breach: n.breach, change: n.change, severity: n.severity })), ...(await this.reminders(tx, recipient, open, now))]
        .filter((l) => (l.change === 'RESOLVED' ? told.has(l.breach.id) : wants(recipient, codes.get(l.breach.portfolioId) ?? '', l.severity)))
        .map((l): DigestLine => ({ breach: l.breach, change: l.change, portfolio: codes.get(l.breach.portfolioId) ?? '' }));
      if (!lines.length) continue;
      const digest = composeDigest(lines, this.config.publicUrl);
      await this.outbox.enqueue(tx, { to: recipient.email, subject: digest.subject, text: digest.text, html: digest.html, runId });
      await tx.getRepository(BreachNotificationEntity).insert(lines.map((l) => ({ recipientId: recipient.id, breachId: l.breach.id, notifiedAt: now })));
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

  private async reminders(tx: EntityManager, recipient: RecipientEntity, open: BreachEntity[], now: string) {
    if (!open.length) return [];
    const notes = await tx.getRepository(BreachNotificationEntity).find({ where: { recipientId: recipient.id, breachId: In(open.map((b) => b.id)) } });
    const last = new Map<number, string>();
    for (const n of notes) if ((last.get(n.breachId) ?? '') < n.notifiedAt) last.set(n.breachId, n.notifiedAt);
    const due = (b: BreachEntity) => {
      const at = last.get(b.id);
      return !at || Date.parse(now) - Date.parse(at) >= recipient.repeatIntervalHours * HOUR_MS - REPEAT_GRACE_MS;
    };
    return open.filter(due).map((breach) => ({ breach, change: 'STILL_OPEN' as const, severity: breach.severity }));
  }
}

function wants(recipient: RecipientEntity, portfolio: string, severity: string): boolean {
  return (!recipient.portfolios || recipient.portfolios.includes(portfolio)) && (recipient.minSeverity === 'WARNING' || severity === 'BREACH');
}
