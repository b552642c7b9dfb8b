import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { Database } from '../database/database.js';

interface CountRow {
  n: string | number;
  [label: string]: string | number | null;
}

/**
 * Metrics read from the database on each scrape, so every replica reports the same figures and
 * nothing is lost on restart; process metrics are this replica's own.
 */
@Injectable()
export class MetricsService {
  private readonly registry = new Registry();

  constructor(private readonly db: Database) {
    collectDefaultMetrics({ register: this.registry, prefix: 'iem_' });
    this.countGauge('iem_breaches', 'Breaches by status, severity and kind', ['status', 'severity', 'kind'], 'breaches');
    this.countGauge('iem_outbox_messages', 'Alert emails in the outbox by status', ['status'], 'outbox');
    this.countGauge('iem_evaluation_runs', 'Evaluation runs by trigger and status', ['trigger', 'status'], 'evaluation_runs');
    this.lastRunGauge();
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  private lastRunGauge(): void {
    const db = this.db;
    new Gauge({
      name: 'iem_last_evaluation_finished_seconds',
      help: 'When the last successful evaluation run finished (Unix time)',
      registers: [this.registry],
      async collect() {
        const [row] = await db.reads.query(`SELECT MAX(finished_at) AS at FROM evaluation_runs WHERE status = 'SUCCEEDED'`);
        if (row?.at) this.set(Date.parse(row.at) / 1000);
      },
    });
  }

  private countGauge(name: string, help: string, labels: string[], table: string): void {
    const db = this.db;
    const columns = labels.map((l) => `"${l}"`).join(', ');
    new Gauge({
      name,
      help,
      labelNames: labels,
      registers: [this.registry],
      async collect() {
        const rows: CountRow[] = await db.reads.query(`SELECT ${columns}, COUNT(*) AS n FROM "${table}" GROUP BY ${columns}`);
        this.reset();
        for (const row of rows) this.set(Object.fromEntries(labels.map((l) => [l, String(row[l])])), Number(row.n));
      },
    });
  }
}
