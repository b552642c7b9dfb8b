import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { MetricsRepository } from './metrics.repository.js';

/**
 * Metrics read from the database on each scrape, so every replica reports the same figures and
 * nothing is lost on restart; process metrics are this replica's own.
 */
@Injectable()
export class MetricsService {
  private readonly registry = new Registry();

  constructor(private readonly figures: MetricsRepository) {
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
    const figures = this.figures;
    new Gauge({
      name: 'iem_last_evaluation_finished_seconds',
      help: 'When the last successful evaluation run finished (Unix time)',
      registers: [this.registry],
      async collect() {
        const at = await figures.lastRunFinishedAt();
        if (at) this.set(Date.parse(at) / 1000);
      },
    });
  }

  private countGauge(name: string, help: string, labels: string[], table: string): void {
    const figures = this.figures;
    new Gauge({
      name,
      help,
      labelNames: labels,
      registers: [this.registry],
      async collect() {
        const rows = await figures.countsBy(table, labels);
        this.reset();
        for (const row of rows) this.set(Object.fromEntries(labels.map((l) => [l, String(row[l])])), Number(row.n));
      },
    });
  }
}
