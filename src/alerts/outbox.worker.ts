import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { OutboxService } from './outbox.service.js';

/**
 * Delivers the outbox every OUTBOX_POLL_MS, and once at start so that emails left pending before a
 * restart go out. The next tick is scheduled only when the last one has finished: ticks never overlap.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Before, not on, shutdown: the database closes in its own shutdown hook, and a tick in flight still needs it. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => (this.running = this.tick()), delayMs);
  }

  private async tick(): Promise<void> {
    try {
      const sent = await this.outbox.deliverDue();
      if (sent > 0) this.logger.log(`Sent ${sent} alert email(s)`);
    } catch (err) {
      this.logger.error(`Outbox delivery failed: ${(err as Error).message}`, (err as Error).stack);
    }
    this.schedule(this.config.outboxPollMs);
  }
}
