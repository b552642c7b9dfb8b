import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UsersService } from '../auth/users.service.js';
import { BreachReader, type OpenBreach } from '../breaches/breach-reader.js';
import type { BreachEntity } from '../breaches/breach.entity.js';
import type { Severity } from '../breaches/severity.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { LimitsService } from '../limits/limits.service.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { composeDigest } from './digest.js';
import { listedProblems, planDigest, type DigestLine } from './digest-plan.js';
import { failureAlert, type PortfolioFailure } from './failure-alert.js';
import { NotificationsRepository, type Told } from './notifications.repository.js';
import { OutboxService } from './outbox.service.js';
import type { RecipientEntity } from './recipient.entity.js';
import { RecipientsRepository } from './recipients.repository.js';
import { RunFigures, type RunOutcome } from './run-outcome.js';

const HOUR_MS = 3_600_000;
/** Runs start a little earlier or later each day; a daily reminder must not slip to every other day. */
const REPEAT_GRACE_MS = 15 * 60_000;

/**
 * After a run, one email per recipient with what changed for them (new, escalated, worsened by
 * their worsening threshold since they were last told, earlier, waiver ended, resolved with the
 * reason), plus the open breaches nobody acknowledged since their repeat interval; nothing to say,
 * no email. Written to the outbox in the run's transaction.
 */
@Injectable()
export class DigestService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly recipients: RecipientsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly breaches: BreachReader,
    private readonly limits: LimitsService,
    private readonly users: UsersService,
    private readonly portfolios: PortfoliosService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enqueue(tx: EntityManager, run: RunOutcome): Promise<number> {
    const { runId, now, recorded, codes } = run;
    const recipients = await this.recipients.active(tx);
    if (!recipients.length) return 0;
    const limits = await this.limits.labels(tx);
    const figures = new RunFigures(run);
    const currencies = await this.portfolios.currencies(tx);
    const portfolio = (b: { portfolioId: number }) => codes.get(b.portfolioId) ?? '';
    const where = (b: { portfolioId: number }) => ({ portfolio: portfolio(b), currency: currencies.get(b.portfolioId) ?? '' });
    // Read once for all the recipients; the run holds the breaches lock, so these are the breaches after its changes.
    const open = await this.breaches.open(tx);
    let sent = 0;
    for (const recipient of recipients) {
      const told = await this.notifications.lastTold(tx, recipient.id);
      const wanted = (b: OpenBreach, severity: Severity = b.severity) => wants(recipient, portfolio(b), severity);
      const changes: DigestLine[] = recorded.notable
        .filter((n) => (n.change === 'RESOLVED' ? told.has(n.breach.id) : wanted(n.breach, n.severity)))
        .map((n) => ({ breach: n.breach, change: n.change, resolution: n.resolution, ...where(n.breach) }));
      const mentioned = new Set(changes.map((l) => l.breach.id));
      const worsened = worsenings(recorded.seenAgain, told, recipient).filter((l) => !mentioned.has(l.breach.id) && wanted(l.breach));
      worsened.forEach((l) => mentioned.add(l.breach.id));
      const reminders = await this.reminders(
        tx,
        recipient,
        told,
        mentioned,
        now,
        open.filter((b) => wanted(b)),
      );
      const lines = [
        ...changes,
        ...worsened.map((l) => ({ ...l, ...where(l.breach) })),
        ...reminders.map((b) => ({ breach: b, change: 'STILL_OPEN' as const, ...where(b) })),
      ];
      if (!lines.length) continue;
      const plan = planDigest(lines);
      const repeated = new Set(plan.listed.flatMap((e) => e.lines.map((l) => l.breach.id)));
      const stillOpen = open.filter((b) => wanted(b) && !repeated.has(b.id)).length;
      const digest = composeDigest(plan, limits, this.config.publicUrl, await figures.of(listedProblems(plan)), stillOpen);
      await this.outbox.enqueue(tx, {
        to: recipient.email,
        subject: digest.subject,
        text: digest.text,
        html: digest.html,
        runId,
        portfolioIds: lines.map((l) => l.breach.portfolioId),
        images: digest.images,
      });
      // Only what the email lists counts as told: the rest comes back as still open in the next digest.
      const notes = digest.listed.map((l) => ({
        recipientId: recipient.id,
        breachId: l.breach.id,
        notifiedAt: now,
        utilizationPct: l.breach.utilizationPct,
      }));
      await this.notifications.insert(tx, notes);
      sent += 1;
    }
    return sent;
  }

  /** One email to each admin naming the portfolios the run left out; returns how many were queued. */
  async enqueueFailures(tx: EntityManager, runId: number, failures: PortfolioFailure[]): Promise<number> {
    if (!failures.length) return 0;
    const admins = await this.users.activeAdmins(tx);
    const alert = failureAlert(runId, failures, this.config.publicUrl);
    const portfolios = await this.portfolios.all(
      failures.map((f) => f.portfolio),
      tx,
    );
    for (const admin of admins)
      await this.outbox.enqueue(tx, { to: admin.email, ...alert, runId, portfolioIds: portfolios.map((p) => p.id) });
    return admins.length;
  }

  /**
   * The open breaches (of those the recipient wants) not mentioned otherwise and not told to this
   * recipient for its repeat interval, read a chunk at a time: a run can leave thousands open.
   */
  private async reminders(
    tx: EntityManager,
    recipient: RecipientEntity,
    told: Told,
    mentioned: Set<number>,
    now: string,
    open: OpenBreach[],
  ): Promise<BreachEntity[]> {
    const interval = recipient.repeatIntervalHours * HOUR_MS - REPEAT_GRACE_MS;
    const due = open
      .map((r) => r.id)
      .filter((id) => !mentioned.has(id) && (!told.has(id) || Date.parse(now) - Date.parse(told.get(id)!.at) >= interval));
    return this.breaches.byIds(tx, due);
  }
}

/** Breaches seen again whose utilization rose by the recipient's threshold since it was last told, acknowledged or not. */
function worsenings(seenAgain: BreachEntity[], told: Told, recipient: RecipientEntity): Array<Omit<DigestLine, 'portfolio' | 'currency'>> {
  return seenAgain.flatMap((breach) => {
    const last = told.get(breach.id)?.utilizationPct;
    return last != null && breach.utilizationPct - last >= recipient.worseningPct
      ? [{ breach, change: 'WORSENED' as const, toldUtilizationPct: last }]
      : [];
  });
}

function wants(recipient: RecipientEntity, portfolio: string, severity: string): boolean {
  return (
    (!recipient.portfolios || recipient.portfolios.includes(portfolio)) && (recipient.minSeverity === 'WARNING' || severity === 'BREACH')
  );
}
