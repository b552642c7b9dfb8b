import { constants } from 'node:fs';
import { access, mkdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import nodemailer from 'nodemailer';
import { DomainError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { HealthDownView, HealthIndicatorView, HealthView } from './health.dto.js';

const SMTP_PROBE_MS = 3000;
/**
 * A load balancer asks every few seconds; an SMTP handshake each time cost 100 ms an answer and a
 * connection to the mail server. Its outcome is kept this long.
 */
const SMTP_VERDICT_MS = 30_000;

/**
 * Open to all: a load balancer asks it. A mail problem degrades (200), a database problem is down
 * (503). It answers a short status; what went wrong, with paths and host names, goes to the log.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);
  private smtpVerdict: { at: number; check: Promise<void> } | null = null;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  // Documented here, not by terminus, whose 503 is not what the error-shape filter answers.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Database and mail transport status' })
  @ApiExtraModels(HealthIndicatorView)
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ type: HealthDownView, description: 'The database does not answer' })
  async check() {
    try {
      return await this.health.check([() => this.database(), () => this.mail(), () => this.disk()]);
    } catch (err) {
      // terminus says "Service Unavailable Exception"; a load balancer's operator reads what is down.
      const result = (err as { getResponse?: () => { error?: Record<string, unknown>; details?: unknown } }).getResponse?.();
      if (!result?.error) throw err;
      throw new DomainError(503, `Not healthy: ${Object.keys(result.error).join(' and ')} down`, result.details);
    }
  }

  /** Down when it does not answer, and while writes fail until one goes through again (probed here, so no user has to try). */
  private async database() {
    const indicator = this.indicators.check('database');
    try {
      await this.db.ping();
    } catch (err) {
      this.logger.warn(`The database does not answer: ${(err as Error).message}`);
      return indicator.down({ kind: this.db.kind, message: 'the database does not answer' });
    }
    const since = this.db.failingSince;
    if (since) {
      try {
        await this.db.probeWrite(new Date().toISOString());
      } catch (err) {
        this.logger.warn(`The database takes no writes since ${since.toISOString()}: ${(err as Error).message}`);
        return indicator.down({ kind: this.db.kind, message: `the database takes no writes since ${since.toISOString()}` });
      }
    }
    return indicator.up({ kind: this.db.kind });
  }

  /** Degraded below DISK_MIN_FREE_MB free: uploads and the outbox would soon fail with a full disk. */
  private async disk() {
    const indicator = this.indicators.check('disk');
    const { bavail, bsize } = await statfs(this.config.dataDir);
    const freeMb = Math.floor((bavail * bsize) / 1024 / 1024);
    if (bavail * bsize >= this.config.diskMinFreeBytes) return indicator.up({ freeMb });
    const message = `${freeMb} MB free on the disk of DATA_DIR, below DISK_MIN_FREE_MB (${this.config.diskMinFreeBytes / 1024 / 1024})`;
    this.logger.warn(`Disk: ${message}`);
    return indicator.degraded({ freeMb, message });
  }

  private async mail() {
    const indicator = this.indicators.check('mail');
    const transport = this.config.smtpUrl ? 'smtp' : 'file';
    try {
      await (this.config.smtpUrl ? this.verifySmtp(this.config.smtpUrl) : writableOutbox(this.config.dataDir));
      return indicator.up({ transport });
    } catch (err) {
      const problem = transport === 'smtp' ? 'the SMTP server refuses or does not answer' : 'the outbox folder is not writable';
      this.logger.warn(`Mail: ${problem}: ${(err as Error).message}`);
      return indicator.degraded({ transport, message: problem });
    }
  }

  /** One handshake per SMTP_VERDICT_MS, shared by the requests meanwhile. */
  private verifySmtp(url: string): Promise<void> {
    if (!this.smtpVerdict || Date.now() - this.smtpVerdict.at > SMTP_VERDICT_MS)
      this.smtpVerdict = { at: Date.now(), check: verifySmtp(url) };
    return this.smtpVerdict.check;
  }
}

async function writableOutbox(dataDir: string): Promise<void> {
  const outbox = join(dataDir, 'outbox');
  await mkdir(outbox, { recursive: true });
  await access(outbox, constants.W_OK);
}

async function verifySmtp(url: string): Promise<void> {
  const options = new URL(url);
  options.searchParams.set('connectionTimeout', String(SMTP_PROBE_MS));
  options.searchParams.set('greetingTimeout', String(SMTP_PROBE_MS));
  const transport = nodemailer.createTransport(options.toString());
  try {
    await transport.verify();
  } finally {
    transport.close();
  }
}
