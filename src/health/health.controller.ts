import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import nodemailer from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';

const SMTP_PROBE_MS = 3000;

/** Open to all: a load balancer asks it. A mail problem degrades (200), a database problem is down (503). */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Database and mail transport status' })
  check() {
    return this.health.check([() => this.database(), () => this.mail()]);
  }

  private async database() {
    const indicator = this.indicators.check('database');
    try {
      await this.db.reads.query('SELECT 1');
      return indicator.up({ kind: this.db.kind });
    } catch (err) {
      return indicator.down({ kind: this.db.kind, message: (err as Error).message });
    }
  }

  private async mail() {
    const indicator = this.indicators.check('mail');
    try {
      if (this.config.smtpUrl) {
        await verifySmtp(this.config.smtpUrl);
        return indicator.up({ transport: 'smtp' });
      }
      const outbox = join(this.config.dataDir, 'outbox');
      await mkdir(outbox, { recursive: true });
      await access(outbox, constants.W_OK);
      return indicator.up({ transport: 'file', outbox });
    } catch (err) {
      return indicator.degraded({ transport: this.config.smtpUrl ? 'smtp' : 'file', message: (err as Error).message });
    }
  }
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
