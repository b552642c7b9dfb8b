import type { toExposureView } from '../projection/projection.dto.js';

export type ReportItem = ReturnType<typeof toExposureView> & { portfolio: string; scenario: string | null };

export interface Report {
  run: { id: number; trigger: string; scheduledFor: string | null; startedAt: string; finishedAt: string | null; status: string };
  items: ReportItem[];
}

const CSV_COLUMNS: Array<[string, (i: ReportItem) => string | number | null]> = [
  ['portfolio', (i) => i.portfolio],
  ['scenario', (i) => i.scenario],
  ['limit_id', (i) => i.limitId],
  ['limit', (i) => i.limitName],
  ['scope', (i) => i.scope],
  ['measure', (i) => i.measure],
  ['status', (i) => i.status],
  ['projected_status', (i) => i.projectedStatus],
  ['exposure', (i) => i.exposure],
  ['limit_amount', (i) => i.limit],
  ['utilization_pct', (i) => i.utilizationPct],
  ['headroom', (i) => i.headroom],
  ['projected_breach_date', (i) => i.projectedBreachDate],
  ['breach_probability', (i) => i.breachProbability],
  ['probability_method', (i) => i.probabilityMethod],
];

/**
 * One line per check. Text cells starting with =, +, - or @ get a leading apostrophe so that a
 * spreadsheet never runs them as formulas; numbers are written as numbers.
 */
export function csvHeader(): string {
  return `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`;
}

export function csvLine(item: ReportItem): string {
  return `${CSV_COLUMNS.map(([, value]) => csvCell(value(item))).join(',')}\r\n`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
