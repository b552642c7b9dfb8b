import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';

export interface CountRow {
  n: string | number;
  [label: string]: string | number | null;
}

/** The figures /metrics reads on each scrape: counts across the service's tables, not rows of its own. */
@Injectable()
export class MetricsRepository {
  constructor(private readonly db: Database) {}

  /** How many rows of `table` have each combination of the `labels` columns. */
  countsBy(table: string, labels: string[]): Promise<CountRow[]> {
    const columns = labels.map((l) => `"${l}"`).join(', ');
    return this.db.reads.query(`SELECT ${columns}, COUNT(*) AS n FROM "${table}" GROUP BY ${columns}`);
  }

  /** When the last successful evaluation run finished (ISO), or null. */
  async lastRunFinishedAt(): Promise<string | null> {
    const [row] = await this.db.reads.query(`SELECT MAX(finished_at) AS at FROM evaluation_runs WHERE status = 'SUCCEEDED'`);
    return row?.at ?? null;
  }
}
