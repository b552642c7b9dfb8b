import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { latestTickAtOrBefore } from './cron-ticks.js';
import { EvaluationRunEntity } from './evaluation-run.entity.js';
import { EvaluationsService } from './evaluations.service.js';
import { isInterruptedFirstAttempt, RUN_HEARTBEAT_MS, RunLedger } from './run-ledger.js';

const JOB = 'evaluations';
const RECOVERY = 'evaluation-recovery';
/** How often every replica looks for runs whose process died: one small query. */
const RECOVERY_EVERY_MS = RUN_HEARTBEAT_MS;

/**
 * Decides when: EVALUATION_CRON through SchedulerRegistry; after downtime one catch-up run for the
 * latest missed tick; and, on every replica, the recovery of runs whose process died (FAILED, and
 * their tick run once more). The run ledger (unique tick and attempt) makes each run happen once
 * across replicas.
 */
@Injectable()
export class EvaluationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EvaluationScheduler.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly evaluations: EvaluationsService,
    private readonly ledger: RunLedger,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.registry.addInterval(
      RECOVERY,
      setInterval(() => void this.recover(), RECOVERY_EVERY_MS),
    );
    const expression = this.config.evaluationCron;
    if (!expression) return this.recover();
    const job = CronJob.from({ cronTime: expression, timeZone: 'UTC', onTick: () => void this.tick(expression), start: true });
    this.registry.addCronJob(JOB, job);
    await this.catchUp(expression).catch((err) => this.logger.error(`Catch-up failed: ${(err as Error).message}`));
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('cron', JOB)) this.registry.deleteCronJob(JOB);
    if (this.registry.doesExist('interval', RECOVERY)) this.registry.deleteInterval(RECOVERY);
  }

  async tick(expression: string): Promise<void> {
    const tick = latestTickAtOrBefore(expression, this.clock.now());
    if (tick) await this.evaluations.runTick(tick).catch((err) => this.logger.error(`Scheduled run failed: ${(err as Error).message}`));
  }

  /**
   * At start: fails the runs of dead processes, then runs the latest missed tick once, however many
   * were missed (a fresh database has none), or else the latest tick again if its run was interrupted.
   */
  async catchUp(expression: string): Promise<void> {
    await this.ledger.failInterrupted();
    const last = await this.ledger.latestTickRun();
    if (!last) return;
    const lastTick = new Date(last.scheduledFor!);
    const missed = latestTickAtOrBefore(expression, this.clock.now());
    if (missed && missed > lastTick) {
      this.logger.log(`Catching up the run missed at ${missed.toISOString()}`);
      await this.evaluations.runTick(missed, 'CATCH_UP');
    } else if (isInterruptedFirstAttempt(last)) {
      await this.rerun(last);
    }
  }

  /** On every replica, every few seconds: a run whose process died is failed, and its tick, if still the latest, runs again once. */
  async recover(): Promise<void> {
    try {
      const interrupted = await this.ledger.failInterrupted();
      if (!interrupted.some(isInterruptedFirstAttempt)) return;
      const last = await this.ledger.latestTickRun();
      if (last && isInterruptedFirstAttempt(last)) await this.rerun(last);
    } catch (err) {
      this.logger.error(`Recovery of interrupted runs failed: ${(err as Error).message}`);
    }
  }

  private async rerun(interrupted: EvaluationRunEntity): Promise<void> {
    this.logger.log(`Running again the tick ${interrupted.scheduledFor} of interrupted run ${interrupted.id}`);
    await this.evaluations.runTick(new Date(interrupted.scheduledFor!), 'CATCH_UP', 2);
  }
}
