import { Inject, Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import { OutboxService } from '../alerts/outbox.service.js';
import { BreachNotificationEntity, type RecipientEntity } from '../alerts/recipient.entity.js';
import { RecipientsRepository } from '../alerts/recipients.repository.js';
import { groupKeyOf } from '../breaches/breach-lifecycle.js';
import type { RecordOutcome } from '../breaches/breach-recorder.js';
import { BreachEntity } from '../breaches/breach.entity.js';
import type { Severity } from '../breaches/severity.js';
import { TimeSlicer } from '../common/time-slice.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { positional } from '../database/sql.js';
import { limitLabels } from '../limits/limit-labels.js';
import { problemChart, problemChartTitle, type ProjectedProblem } from '../charts/scenario-chart.js';
import type { ExposureView } from '../projection/projection.dto.js';
import { UserEntity } from '../auth/user.entity.js';
import { PortfolioEntity } from '../portfolios/portfolio.entity.js';
import { failureAlert, type PortfolioFailure } from './portfolio-failures.js';
import {
  composeDigest,
  listedProblems,
  peakKey,
  planDigest,
  type DigestChart,
  type DigestLine,
  type DigestRun,
  type Peak,
} from './digest.js';
import type { RunInputs } from './evaluation.dto.js';

const HOUR_MS = 3_600_000;
const NOTIFICATIONS_PER_INSERT = 500;
const BREACHES_PER_READ = 500;
/** Runs start a little earlier or later each day; a daily reminder must not slip to every other day. */
const REPEAT_GRACE_MS = 15 * 60_000;

/** What a run hands over to its digests, in its transaction. */
export interface RunOutcome {
  runId: number;
  now: string;
  recorded: RecordOutcome;
  /** portfolio id -> code */
  codes: Map<number, string>;
  /** The checks the run found not OK, and its inputs: what the entries' charts show. */
  results: Array<{ portfolio: string; scenario: string | null; limitId: number; scopeKey: string; result: ExposureView }>;
  inputs: RunInputs;
}

/** The last time a recipient was told of a breach, and the utilization it was told. */
type Told = Map<number, { at: string; utilizationPct: number | null }>;

/** An open breach, as much as deciding who is reminded of it, or told it is still open, needs. */
interface OpenBreach {
  id: number;
  portfolioId: number;
  severity: Severity;
}

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
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enqueue(tx: EntityManager, run: RunOutcome): Promise<number> {
    const { runId, now, recorded, codes } = run;
    const recipients = await this.recipients.active(tx);
    if (!recipients.length) return 0;
    const limits = await limitLabels(tx);
    const figures = new RunFigures(run);
    const portfolio = (b: { portfolioId: number }) => codes.get(b.portfolioId) ?? '';
    const open = await this.openBreaches(tx);
    let sent = 0;
    for (const recipient of recipients) {
      const told = await this.lastTold(tx, recipient, runId);
      const wanted = (b: OpenBreach, severity: Severity = b.severity) => wants(recipient, portfolio(b), severity);
      const changes: DigestLine[] = recorded.notable
        .filter((n) => (n.change === 'RESOLVED' ? told.has(n.breach.id) : wanted(n.breach, n.severity)))
        .map((n) => ({ breach: n.breach, change: n.change, resolution: n.resolution, portfolio: portfolio(n.breach) }));
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
        ...worsened.map((l) => ({ ...l, portfolio: portfolio(l.breach) })),
        ...reminders.map((b) => ({ breach: b, change: 'STILL_OPEN' as const, portfolio: portfolio(b) })),
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
      for (let i = 0; i < notes.length; i += NOTIFICATIONS_PER_INSERT)
        await tx.getRepository(BreachNotificationEntity).insert(notes.slice(i, i + NOTIFICATIONS_PER_INSERT));
      sent += 1;
    }
    return sent;
  }

  /** One email to each admin naming the portfolios the run left out; returns how many were queued. */
  async enqueueFailures(tx: EntityManager, runId: number, failures: PortfolioFailure[]): Promise<number> {
    if (!failures.length) return 0;
    const admins = await tx.getRepository(UserEntity).find({ where: { role: 'admin', revokedAt: IsNull() }, order: { id: 'ASC' } });
    const alert = failureAlert(runId, failures, this.config.publicUrl);
    const portfolios = await tx.getRepository(PortfolioEntity).find({ where: { code: In(failures.map((f) => f.portfolio)) } });
    for (const admin of admins)
      await this.outbox.enqueue(tx, { to: admin.email, ...alert, runId, portfolioIds: portfolios.map((p) => p.id) });
    return admins.length;
  }

  /** What this recipient was last told of each breach still live, or resolved by this run. */
  private async lastTold(tx: EntityManager, recipient: RecipientEntity, runId: number): Promise<Told> {
    const rows: Array<{ breach_id: number; notified_at: string; utilization_pct: string | number | null }> = await tx.query(
      positional(
        this.db.kind,
        `SELECT n.breach_id, n.notified_at, n.utilization_pct FROM breach_notifications n
         JOIN breaches b ON b.id = n.breach_id AND (b.status <> 'RESOLVED' OR b.last_seen_run_id = ?)
        WHERE n.id IN (SELECT MAX(m.id) FROM breach_notifications m WHERE m.recipient_id = ? GROUP BY m.breach_id)`,
      ),
      [runId, recipient.id],
    );
    return new Map(
      rows.map((r) => [r.breach_id, { at: r.notified_at, utilizationPct: r.utilization_pct === null ? null : Number(r.utilization_pct) }]),
    );
  }

  /** The breaches open after the run's changes (it holds the breaches lock): read once for all the recipients. */
  private async openBreaches(tx: EntityManager): Promise<OpenBreach[]> {
    const rows: Array<{ id: number; portfolio_id: number; severity: Severity }> = await tx.query(
      `SELECT id, portfolio_id, severity FROM breaches WHERE status = 'OPEN' ORDER BY id`,
    );
    return rows.map((r) => ({ id: Number(r.id), portfolioId: Number(r.portfolio_id), severity: r.severity }));
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
    const slicer = new TimeSlicer();
    const breaches: BreachEntity[] = [];
    for (let i = 0; i < due.length; i += BREACHES_PER_READ) {
      breaches.push(
        ...(await tx.getRepository(BreachEntity).find({ where: { id: In(due.slice(i, i + BREACHES_PER_READ)) }, order: { id: 'ASC' } })),
      );
      await slicer.pause();
    }
    return breaches;
  }
}

/**
 * What the digests of a run show of it: its id and time, the as-of date of each portfolio's
 * holdings, the peak month of each projection, and the charts of the problems it found not OK, each
 * drawn once for all the recipients it goes to and only when a digest lists it, with pauses: a chart
 * takes a millisecond, a digest lists up to 100. No chart for a problem the run did not project (a
 * reminder from a portfolio it did not evaluate, a resolution).
 */
class RunFigures {
  private readonly problems = new Map<string, ProjectedProblem>();
  private readonly drawn = new Map<string, DigestChart>();
  private readonly peaks = new Map<string, Peak>();
  private readonly asOf: Map<string, string>;
  private readonly slicer = new TimeSlicer();

  constructor(private readonly run: RunOutcome) {
    const ids = new Map([...run.codes].map(([id, code]) => [code, id]));
    this.asOf = new Map(run.inputs.portfolios.map((p) => [p.portfolio, p.asOfDate!]));
    for (const { portfolio, scenario, limitId, scopeKey, result } of run.results) {
      const key = groupKeyOf({ portfolioId: ids.get(portfolio)!, limitId, scopeKey });
      const problem = this.problems.get(key) ?? {
        scope: result.scope,
        limitName: result.limitName,
        asOfDate: this.asOf.get(portfolio)!,
        projections: [],
      };
      problem.projections.push({ ...result, scenario });
      this.problems.set(key, problem);
      // The first month of highest utilization: the one a warning's figures are of (conditionsOf).
      const peak = result.months.reduce<Peak | null>((best, m) => (!best || m.utilizationPct > best.utilizationPct ? m : best), null);
      if (peak) this.peaks.set(peakKey(key, scenario), { date: peak.date, utilizationPct: peak.utilizationPct });
    }
  }

  async of(groupKeys: string[]): Promise<DigestRun> {
    for (const key of groupKeys) {
      const problem = this.problems.get(key);
      if (!problem || this.drawn.has(key)) continue;
      this.drawn.set(key, { title: problemChartTitle(problem), svg: problemChart(problem) });
      await this.slicer.pause();
    }
    return { runId: this.run.runId, at: this.run.now, asOf: this.asOf, peaks: this.peaks, charts: this.drawn };
  }
}

/** Breaches seen again whose utilization rose by the recipient's threshold since it was last told, acknowledged or not. */
function worsenings(seenAgain: BreachEntity[], told: Told, recipient: RecipientEntity): Array<Omit<DigestLine, 'portfolio'>> {
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
