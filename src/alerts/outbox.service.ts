import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NodemailerError } from 'nodemailer';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { toPage, type Page } from '../common/pagination.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { AuditService } from '../audit/audit.service.js';
import { PortfolioAccess } from '../auth/portfolio-access.js';
import type { Actor } from '../auth/roles.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { logWithErrorId } from '../common/error-ids.js';
import { Conflict } from '../common/errors.js';
import { Instance } from '../common/instance.js';
import { toAlertView, type AlertQuery, type AlertView } from './alert.dto.js';
import { mailFailure } from './mail-failure.js';
import { MailTransport } from './mail-transport.js';
import type { InlineImage, OutboxMessageEntity, OutboxStatus } from './outbox-message.entity.js';
import { OutboxRepository } from './outbox.repository.js';
import { chartPng } from '../charts/chart-png.js';
import type { InlineAttachment } from './mail-transport.js';

export interface AlertMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  runId: number | null;
  /** The portfolios it tells about: a user limited to some portfolios sees it only if it may see them all. */
  portfolioIds: number[];
  /** The charts the HTML shows by cid, as SVG: rendered to PNG at each send, so the row stays small. */
  images?: InlineImage[];
}

/** Longer than one send can take (connect and greeting 5 s each, socket idle 30 s). */
const LEASE_MS = 2 * 60_000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3_600_000;
const MAX_ATTEMPTS = 10;
/** A 5xx is usually final (no such mailbox), but relays also answer 5xx for passing trouble: a few tries first. */
const MAX_REFUSED_ATTEMPTS = 3;
/** Bounds one tick; what is left goes out on the next. */
const MAX_SENDS_PER_TICK = 100;

type Outcome = 'sent' | 'retry' | 'unreachable' | 'failed';

/**
 * The transactional outbox: emails are written with the run that caused them and sent later by
 * whichever worker (of any replica) claims them first.
 *
 * Delivery is at-least-once, by choice. A claim is a lease: a worker that dies after the SMTP server
 * accepted a message but before marking it SENT leaves the lease to expire, and the row is sent
 * again with the same Message-ID, which receivers use to drop the duplicate. The other choice,
 * marking SENT before sending, would lose that email instead. While a lease holds, no one else
 * sends the row, so there are never two sends of it at the same time.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);
  private readonly messageIdHost: string;

  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    private readonly mail: MailTransport,
    private readonly audit: AuditService,
    /** Written into lease_owner: which replica holds a row. */
    private readonly instance: Instance,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly portfolios: PortfoliosService,
    private readonly access: PortfolioAccess,
  ) {
    this.messageIdHost = new URL(config.publicUrl).hostname;
  }

  /** Runs in the caller's transaction: the email exists if and only if the run's results do. */
  async enqueue(tx: EntityManager, mail: AlertMail): Promise<void> {
    const now = this.clock.nowIso();
    const origin = mail.runId === null ? 'alert' : `run-${mail.runId}`;
    await this.outbox.insert(tx, {
      messageId: `<${origin}.${randomBytes(12).toString('hex')}@${this.messageIdHost}>`,
      runId: mail.runId,
      portfolioIds: mail.portfolioIds.length ? `,${[...new Set(mail.portfolioIds)].join(',')},` : null,
      to: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      inlineImages: mail.images?.length ? mail.images : null,
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      leaseOwner: null,
      lastError: null,
      lastErrorId: null,
      sentAt: null,
      createdAt: now,
    });
  }

  /** Sends what is due, one claimed row at a time; returns how many were sent. */
  async deliverDue(): Promise<number> {
    let sent = 0;
    for (let i = 0; i < MAX_SENDS_PER_TICK; i++) {
      const row = await this.claimNext();
      if (!row) break;
      const outcome = await this.deliver(row);
      if (outcome === 'sent') sent++;
      // The server is unreachable: the next rows would only wait for the same timeout.
      if (outcome === 'unreachable') break;
    }
    return sent;
  }

  /** For a user limited to some portfolios, only the emails about those alone. */
  async list(actor: Actor, query: AlertQuery): Promise<Page<AlertView>> {
    const visible = await this.access.visibleIds(actor);
    const hidden = visible && [...(await this.portfolios.codes()).keys()].filter((id) => !visible.includes(id));
    return toPage(await this.outbox.visiblePage(query, query.status, hidden), toAlertView);
  }

  /** The next row due, leased to this instance (see OutboxRepository.claimNext). */
  private claimNext(): Promise<OutboxMessageEntity | null> {
    return this.db.transaction((tx) => {
      const now = this.clock.now();
      return this.outbox.claimNext(tx, now, new Date(now.getTime() + LEASE_MS).toISOString(), this.instance.id);
    });
  }

  private async deliver(row: OutboxMessageEntity): Promise<Outcome> {
    const attachments = await this.rendered(row);
    try {
      await this.mail.send({
        messageId: row.messageId,
        to: row.to,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        ...(attachments.length && { attachments }),
      });
    } catch (err) {
      return this.recordFailure(row, err as NodemailerError);
    }
    await this.release(row.id, 'SENT', { sentAt: this.clock.nowIso(), lastError: null, lastErrorId: null });
    return 'sent';
  }

  /**
   * The row's charts as PNG, one at a time: each some 10 ms on the thread pool, then 7 ms of PNG
   * encoding on the event loop (within one time slice). A chart that cannot be drawn is left out,
   * logged: the email still goes, its alt text (the chart's title) in its place.
   */
  private async rendered(row: OutboxMessageEntity): Promise<InlineAttachment[]> {
    const attachments: InlineAttachment[] = [];
    for (const [i, { cid, svg }] of (row.inlineImages ?? []).entries()) {
      try {
        attachments.push({ cid, filename: `chart-${i + 1}.png`, content: await chartPng(svg), contentType: 'image/png' });
      } catch (err) {
        logWithErrorId(this.logger, `Email ${row.id}: chart ${i + 1} could not be drawn and is left out`, err);
      }
    }
    return attachments;
  }

  /**
   * Re-queues a FAILED email (admin), e.g. once the mail relay is fixed: it goes out on the worker's
   * next tick with a fresh count of attempts; the audit log keeps who, when, why and the failure.
   */
  async retry(actor: Actor, id: number, reason: string): Promise<AlertView> {
    return this.db.transaction(async (tx) => {
      const row = await this.outbox.require(`Alert ${id}`, { id }, tx);
      if (row.status !== 'FAILED') throw new Conflict(`Alert ${id} is ${row.status}: only a FAILED email can be sent again`);
      const changes = { status: 'PENDING' as const, attempts: 0, nextAttemptAt: this.clock.nowIso(), leaseUntil: null, leaseOwner: null };
      if (!(await this.outbox.requeue(tx, id, changes))) throw new Conflict(`Alert ${id} changed meanwhile; look at it again`);
      const before = { status: row.status, attempts: row.attempts, lastError: row.lastError };
      await this.audit.record(tx, actor, {
        action: 'alert.retry',
        entity: 'alert',
        entityId: id,
        before,
        after: { status: 'PENDING', reason },
      });
      return toAlertView({ ...row, ...changes });
    });
  }

  /** No SMTP reply (connection) or 4xx: try again later; a 5xx a few times; then give up. */
  private async recordFailure(row: OutboxMessageEntity, err: NodemailerError): Promise<Outcome> {
    const lastError = mailFailure(err);
    const lastErrorId = logWithErrorId(this.logger, `Email ${row.id} (attempt ${row.attempts}) not delivered`, errorText(err));
    const refused = err.responseCode !== undefined && err.responseCode >= 500;
    if ((refused && row.attempts >= MAX_REFUSED_ATTEMPTS) || row.attempts >= MAX_ATTEMPTS) {
      await this.release(row.id, 'FAILED', { lastError, lastErrorId });
      return 'failed';
    }
    const delay = Math.min(FIRST_RETRY_MS * 2 ** (row.attempts - 1), LONGEST_RETRY_MS);
    await this.release(row.id, 'PENDING', {
      lastError,
      lastErrorId,
      nextAttemptAt: new Date(this.clock.now().getTime() + delay).toISOString(),
    });
    return err.responseCode === undefined ? 'unreachable' : 'retry';
  }

  /** Only while this worker still holds the lease: after it expired, the row is someone else's. */
  private async release(id: number, status: OutboxStatus, changes: Partial<OutboxMessageEntity>): Promise<void> {
    await this.db.transaction((tx) => this.outbox.release(tx, id, this.instance.id, status, changes));
  }
}

function errorText(err: NodemailerError): string {
  const message = err.message || String(err);
  return (err.code && !message.includes(err.code) ? `${err.code}: ${message}` : message).slice(0, 1000);
}
