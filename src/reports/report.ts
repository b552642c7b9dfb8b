import type { BreachKind, BreachStatus } from '../breaches/breach.entity.js';
import type { ConcentrationRow } from '../evaluations/concentration.js';
import type { RunResultView } from '../evaluations/evaluation.dto.js';
import type { LimitLabel } from '../limits/limit-labels.js';

/** A breach of a problem the run left open, as it is now, with what people did to it (oldest first). */
export interface BreachNow {
  id: number;
  kind: BreachKind;
  scenario: string | null;
  status: BreachStatus;
  waivedUntil: string | null;
  events: Array<{ type: string; actor: string; at: string; text: string | null; data: object | null }>;
}

/** A check the run found not OK, with its problem, its portfolio's as-of date and its breaches as they are now. */
export interface ReportItem extends RunResultView {
  /** portfolio|limit|scope: the problem */
  groupKey: string;
  asOfDate: string;
  /** Today's breach when today is not OK, then the scenario's projected one when its projection is not OK. */
  breaches: BreachNow[];
}

export interface ReportRun {
  id: number;
  trigger: string;
  scheduledFor: string | null;
  startedAt: string;
  finishedAt: string | null;
  status: string;
}

/** A portfolio the run evaluated: recorded by the run (name and concentration since the report shows them). */
export interface ReportPortfolio {
  code: string;
  name: string;
  /** Its base currency, which the run's figures of it are in */
  currency: string;
  snapshotId: number;
  asOfDate: string;
  /** null: the run was made before runs recorded it */
  concentration: ConcentrationRow[] | null;
}

/** The page's facts besides the items: the run, what it evaluated, and when the breaches were read. */
export interface ReportHead {
  run: ReportRun;
  portfolios: ReportPortfolio[];
  scenarios: string[];
  horizonMonths: number | null;
  limits: Map<number, LimitLabel>;
  /** When the breaches' statuses, acknowledgements and comments were read */
  readAt: string;
}

export interface Report extends ReportHead {
  items: ReportItem[];
}

/** The breach a CSV line stands for: the scenario's projected breach, else today's. */
export function lineBreach(item: ReportItem): BreachNow | null {
  return item.breaches.find((b) => b.kind === 'PROJECTED') ?? item.breaches[0] ?? null;
}

/** The month of the highest exposure over the horizon (the first of equals). */
export function peakOf(item: Pick<ReportItem, 'months'>): { date: string; exposure: number } | null {
  if (!item.months.length) return null;
  const { date, exposure } = item.months.reduce((peak, m) => (m.exposure > peak.exposure ? m : peak));
  return { date, exposure };
}

const CSV_COLUMNS: Array<[string, (i: ReportItem) => string | number | null]> = [
  ['portfolio', (i) => i.portfolio],
  ['scenario', (i) => i.scenario],
  ['limit_id', (i) => i.limitId],
  ['limit', (i) => i.limitName],
  ['limit_source', (i) => i.source],
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
  ['breach_id', (i) => lineBreach(i)?.id ?? null],
  ['group_key', (i) => i.groupKey],
  ['breach_status', (i) => lineBreach(i)?.status ?? null],
  ['as_of_date', (i) => i.asOfDate],
  ['peak_exposure', (i) => peakOf(i)?.exposure ?? null],
  ['peak_month', (i) => peakOf(i)?.date ?? null],
  // Last, so that the columns before it keep their places: what every amount of the line is in.
  ['currency', (i) => i.currency],
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

/** The JSON report's item: the check as recorded, with its problem, as-of date, breach as it is now and peak. */
export function jsonItem(item: ReportItem) {
  const { breaches: _breaches, ...check } = item;
  const breach = lineBreach(item);
  return { ...check, breach: breach && { id: breach.id, status: breach.status }, peak: peakOf(item) };
}
