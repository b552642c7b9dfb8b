import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { In, Not, IsNull } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { latestTickAtOrBefore, nextTickAfter } from './cron-ticks.js';
import { EvaluationRunEntity } from './evaluation-run.entity.js';
import { EvaluationsService } from './evaluations.service.js';

const JOB = 'evaluations';

/**
 * Decides when: EVALUATION_CRON through SchedulerRegistry, and after downtime one catch-up run
 * for the latest missed tick. The run ledger (unique scheduled_for) makes a tick run once across
 * replicas.
 */
@Injectable()
export class EvaluationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EvaluationScheduler.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly evaluations: EvaluationsService,
    private readonly db: Database,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const expression = this.config.evaluationCron;
    if (!expression) return;
    const job = CronJob.from({ cronTime: expression, timeZone: 'UTC', onTick: () => void this.tick(expression), start: true });
    this.registry.addCronJob(JOB, job);
    await this.catchUp(expression).catch((err) => this.logger.error(`Catch-up failed: ${(err as Error).message}`));
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('cron', JOB)) this.registry.deleteCronJob(JOB);
  }

  async tick(expression: string): Promise<void> {
    const tick = latestTickAtOrBefore(expression, this.clock.now());
    if (tick) await this.evaluations.runTick(tick).catch((err) => this.logger.error(`Scheduled run failed: ${(err as Error).message}`));
  }

  /**
   * Runs the latest missed tick once, however many were missed (a fresh database has none), and
   * takes over a tick whose run was left RUNNING by a process that died.
   */
  async catchUp(expression: string): Promise<void> {
    const last = await this.db.reads.getRepository(EvaluationRunEntity).findOne({
      where: { scheduledFor: Not(IsNull()), trigger: In(['SCHEDULED', 'CATCH_UP']) },
      order: { scheduledFor: 'DESC' },
    });
    if (!last?.scheduledFor) return;
    const now = this.clock.now();
    const lastTick = new Date(last.scheduledFor);
    const missed = latestTickAtOrBefore(expression, now, now.getTime() - lastTick.getTime());
    if (missed && missed > lastTick && nextTickAfter(expression, lastTick) <= now) {
      this.logger.log(`Catching up the run missed at ${missed.toISOString()}`);
      await this.evaluations.runTick(missed, 'CATCH_UP');
    } else if (last.status === 'RUNNING') {
      await this.evaluations.runTick(lastTick, 'CATCH_UP');
    }
  }
}
