import type { BreachStatus } from '../breaches/breach.entity.js';
import { problemChart } from '../charts/scenario-chart.js';
import { escapeHtml } from '../shared/html.js';
import { nameHtml } from '../shared/names.js';
import { formatMoney } from '../common/money.js';
import { counted } from '../shared/plural.js';
import { CONCENTRATION_SIZE, type ConcentrationRow } from '../evaluations/concentration.js';
import type { Measure } from '../risk/model.js';
import { peakOf, type BreachNow, type Report, type ReportItem, type ReportPortfolio } from './report.js';
import { dayInWords, instantInWords } from './words.js';

/**
 * A4 portrait, nothing wider than the page: tables take the width and wrap their text, amounts
 * stay on one line, charts scale to the column. No scripts: the service's CSP allows inline styles only.
 */
const STYLE = `@page{size:A4 portrait;margin:12mm}
*{box-sizing:border-box}
body{font-family:Helvetica,Arial,sans-serif;font-size:12px;line-height:1.35;color:#111;max-width:760px;margin:16px auto;padding:0 12px}
h1{font-size:20px;margin:0 0 6px}h2{font-size:15px;margin:0 0 4px}p{margin:4px 0}
table{border-collapse:collapse;width:100%;font-size:11px;margin:6px 0}
th,td{border:1px solid #999;padding:2px 4px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
thead th{background:#eee}.n{text-align:right;white-space:nowrap}
.BREACH{color:#b00020;font-weight:bold}.WARNING{color:#8a4b00;font-weight:bold}
.BREACH,.WARNING,.OK{white-space:nowrap;overflow-wrap:normal}
section{break-inside:avoid;border-top:2px solid #333;margin-top:16px;padding-top:6px}
svg.exposure-chart{display:block;width:100%;height:auto}
.note{color:#444;font-size:11px}ul.events{margin:4px 0;padding-left:18px}
@media print{body{max-width:none;margin:0;padding:0}thead th{background:none}h2{break-after:avoid}}`;

/** The order in which a problem's status is the status of its most pressing breach, as in the breach list. */
const STATUS_ORDER: BreachStatus[] = ['OPEN', 'ACKNOWLEDGED', 'WAIVED', 'RESOLVED'];
const TRIGGERS: Record<string, string> = {
  MANUAL: 'run on request',
  SCHEDULED: 'scheduled',
  CATCH_UP: 'catch-up of a missed scheduled run',
};
const MEASURES: Record<Measure, string> = { MARKET_VALUE: 'market value', BOOK_VALUE: 'book value', PAR: 'par' };
const EVENTS: Record<string, string> = {
  ACKNOWLEDGED: 'Acknowledged',
  COMMENT: 'Comment',
  WAIVER_REQUESTED: 'Waiver requested',
  WAIVED: 'Waived',
  WAIVER_REJECTED: 'Waiver rejected',
};

/** One problem (portfolio, limit, scope): its checks under the run's scenarios, and its breaches as they are now. */
interface Problem {
  items: ReportItem[];
  breaches: BreachNow[];
}

/**
 * A page a risk committee reads: the run, the largest concentrations, then one section per problem,
 * worst first. Written a section at a time: a run of thousands of problems draws thousands of charts.
 */
export function* reportHtml(report: Report): Generator<string> {
  const problems = problemsOf(report.items, report.scenarios);
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Breach report - evaluation ${report.run.id}</title>
<style>${STYLE}</style></head><body><main>
${header(report, problems)}
${report.portfolios.map(concentration).join('\n')}
`;
  for (const problem of problems) yield `${problemSection(problem, report)}\n`;
  yield '</main></body></html>\n';
}

function header(report: Report, problems: Problem[]): string {
  const { run, portfolios, scenarios, horizonMonths, readAt } = report;
  const breached = problems.filter(isBreached).length;
  const horizon = horizonMonths ? `; horizon ${counted(horizonMonths, 'month')}` : '';
  const facts = portfolios
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.code)}: ${nameHtml(p.name)}</td><td>${dayInWords(p.asOfDate)}</td><td class="n">${p.snapshotId}</td></tr>`,
    )
    .join('');
  return `<header><h1>Breach report</h1>
<p><strong>Evaluation ${run.id}, ${instantInWords(run.startedAt)}</strong> (${TRIGGERS[run.trigger] ?? escapeHtml(run.trigger)}), ${escapeHtml(run.status.toLowerCase())}.</p>
${facts ? `<table><thead><tr><th>Portfolio</th><th>Holdings as of</th><th class="n">Snapshot</th></tr></thead><tbody>${facts}</tbody></table>` : '<p>No portfolio was evaluated.</p>'}
<p>Scenarios: ${escapeHtml(scenarios.join(', ') || '-')}${horizon}. ${counted(problems.length, 'problem')} not OK (${counted(report.items.length, 'check')}): ${counted(breached, 'breach', 'breaches')} today or projected, ${counted(problems.length - breached, 'warning')}.</p>
<p class="note">Figures are the run's, as it recorded them. Statuses, acknowledgements and comments are as they are now, ${instantInWords(readAt)}.</p></header>`;
}

/** The portfolio's families closest to their limits, failing or not, as the run recorded them. */
function concentration(p: ReportPortfolio): string {
  const heading = `<h2>Top ${CONCENTRATION_SIZE} concentrations: ${escapeHtml(p.code)}</h2>`;
  if (p.concentration === null) return `<section>${heading}<p>Not recorded: this run was made before runs recorded them.</p></section>`;
  if (!p.concentration.length) return `<section>${heading}<p>No family limit applies.</p></section>`;
  return `<section class="concentration">${heading}
<p class="note">Each family at the family limit it uses most today, highest utilization first, within its limit or not.</p>
<table><thead><tr><th class="n">#</th><th>Family</th><th>Limit</th><th class="n">Exposure</th><th class="n">Limit amount</th><th class="n">Headroom</th><th class="n">Utilization</th><th>Status</th></tr></thead>
<tbody>${p.concentration.map((r, i) => concentrationRow(r, i, p.currency)).join('')}</tbody></table></section>`;
}

function concentrationRow(r: ConcentrationRow, i: number, currency: string): string {
  const cells = [
    `${i + 1}`,
    nameHtml(r.family),
    nameHtml(r.limitName),
    money(r.exposure, currency),
    money(r.limit, currency),
    money(r.headroom, currency),
    pct(r.utilizationPct),
  ];
  const numeric = [true, false, false, true, true, true, true];
  return `<tr>${cells.map((c, k) => `<td${numeric[k] ? ' class="n"' : ''}>${c}</td>`).join('')}<td class="${r.status}">${r.status}</td></tr>`;
}

/** Checks grouped per problem, each in the run's scenario order; breached today first, then projected to, then by highest utilization. */
function problemsOf(items: ReportItem[], scenarios: string[]): Problem[] {
  const byKey = new Map<string, ReportItem[]>();
  for (const item of items) byKey.set(item.groupKey, [...(byKey.get(item.groupKey) ?? []), item]);
  const order = (i: ReportItem) => scenarios.indexOf(i.scenario ?? '');
  return [...byKey.values()]
    .map((checks) => {
      const breaches = new Map(checks.flatMap((c) => c.breaches).map((b) => [b.id, b]));
      return { items: checks.sort((a, b) => order(a) - order(b)), breaches: [...breaches.values()].sort((a, b) => a.id - b.id) };
    })
    .sort((a, b) => urgency(b) - urgency(a) || highest(b) - highest(a));
}

function urgency(problem: Problem): number {
  if (problem.items.some((i) => i.status === 'BREACH')) return 2;
  return isBreached(problem) ? 1 : 0;
}

function isBreached(problem: Problem): boolean {
  return problem.items.some((i) => i.status === 'BREACH' || i.projectedStatus === 'BREACH');
}

function highest(problem: Problem): number {
  return Math.max(...problem.items.flatMap((i) => [i.utilizationPct, focusOf(i)?.utilizationPct ?? 0]));
}

function problemSection(problem: Problem, report: Report): string {
  const [first] = problem.items;
  const source = report.limits.get(first.limitId)?.source;
  return `<section class="problem">
<h2>${escapeHtml(first.portfolio)}: ${nameHtml(first.scope)}</h2>
<p>Limit "${nameHtml(first.limitName)}"${source ? ` (${escapeHtml(source)})` : ''}, on ${MEASURES[first.measure]}.</p>
${people(problem)}
${figures(problem, report.scenarios)}
${problemChart({ scope: first.scope, limitName: first.limitName, currency: first.currency, asOfDate: first.asOfDate, projections: problem.items })}
</section>`;
}

/** The problem's status now, then what people did: acknowledgements, comments and waivers, once each for a whole group. */
function people({ breaches }: Problem): string {
  const now = STATUS_ORDER.find((s) => breaches.some((b) => b.status === s));
  const seen = new Map<string, { line: string; on: string[] }>();
  for (const breach of breaches) {
    for (const e of breach.events) {
      const until = (e.data as { until?: string } | null)?.until;
      const line = `${EVENTS[e.type] ?? e.type}${until ? ` until ${until}` : ''} by ${e.actor}, ${instantInWords(e.at)}`;
      const key = JSON.stringify([line, e.text]);
      const told = seen.get(key) ?? { line: `${escapeHtml(line)}${e.text ? `: "${escapeHtml(e.text)}"` : ''}`, on: [] };
      told.on.push(memberName(breach));
      seen.set(key, told);
    }
  }
  const events = [...seen.values()].map((e) => `<li>${e.line} <span class="note">(${escapeHtml(e.on.join(', '))})</span></li>`);
  return `<p><strong>Status now: ${now ?? 'no breach recorded'}</strong></p>${
    events.length ? `<ul class="events">${events.join('')}</ul>` : '<p>Not acknowledged, no comments.</p>'
  }`;
}

function memberName(b: BreachNow): string {
  return b.kind === 'CURRENT' ? 'today' : (b.scenario ?? 'projected');
}

interface FigureRow {
  label: string;
  numeric: boolean;
  today: (i: ReportItem) => string;
  scenario: (i: ReportItem) => string;
  /** A scenario the run found OK recorded no figures. */
  unrecorded: string;
}

const FIGURE_ROWS: FigureRow[] = [
  { label: 'Status', numeric: false, today: (i) => status(i.status), scenario: (i) => status(i.projectedStatus), unrecorded: 'OK' },
  {
    label: 'Figures at',
    numeric: false,
    today: (i) => `${i.asOfDate} (today)`,
    scenario: (i) => atFocus(i, (m) => `${m.date} (${i.projectedBreachDate ? 'breach' : 'highest'})`),
    unrecorded: '-',
  },
  {
    label: 'Exposure',
    numeric: true,
    today: (i) => money(i.exposure, i.currency),
    scenario: (i) => atFocus(i, (m) => money(m.exposure, i.currency)),
    unrecorded: '-',
  },
  {
    label: 'Limit',
    numeric: true,
    today: (i) => money(i.limit, i.currency),
    scenario: (i) => atFocus(i, (m) => money(m.limit, i.currency)),
    unrecorded: '-',
  },
  {
    label: 'Utilization',
    numeric: true,
    today: (i) => pct(i.utilizationPct),
    scenario: (i) => atFocus(i, (m) => pct(m.utilizationPct)),
    unrecorded: '-',
  },
  {
    label: 'Headroom',
    numeric: true,
    today: (i) => money(i.headroom, i.currency),
    scenario: (i) => atFocus(i, (m) => money(m.headroom, i.currency)),
    unrecorded: '-',
  },
  { label: 'Peak exposure', numeric: true, today: () => '-', scenario: peak, unrecorded: '-' },
  { label: 'Breach probability', numeric: true, today: () => '-', scenario: probability, unrecorded: '-' },
  {
    label: 'Breach now',
    numeric: false,
    today: (i) => breachNow(i, 'CURRENT'),
    scenario: (i) => breachNow(i, 'PROJECTED'),
    unrecorded: '-',
  },
];

/** Today's figures and each scenario's side by side; a scenario's at its projected breach date, or its month of highest utilization. */
function figures(problem: Problem, scenarios: string[]): string {
  const [first] = problem.items;
  const columns = scenarios.map((s) => problem.items.find((i) => i.scenario === s) ?? null);
  const head = `<tr><th>Figure</th><th class="n">Today</th>${scenarios.map((s) => `<th class="n">${escapeHtml(s)}</th>`).join('')}</tr>`;
  const rows = FIGURE_ROWS.map((row) => {
    const td = (text: string) => `<td${row.numeric ? ' class="n"' : ''}>${text}</td>`;
    return `<tr><th scope="row">${row.label}</th>${td(row.today(first))}${columns.map((c) => td(c ? row.scenario(c) : row.unrecorded)).join('')}</tr>`;
  });
  return `<table class="figures"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

type Month = ReportItem['months'][number];

/** The month a projection is shown at, as its breach is: the projected breach date, else the highest utilization. */
function focusOf(item: ReportItem): Month | null {
  if (!item.months.length) return null;
  return (
    item.months.find((m) => m.date === item.projectedBreachDate) ??
    item.months.reduce((best, m) => (m.utilizationPct > best.utilizationPct ? m : best))
  );
}

function atFocus(item: ReportItem, show: (m: Month) => string): string {
  const month = focusOf(item);
  return month ? show(month) : '-';
}

function peak(item: ReportItem): string {
  const top = peakOf(item);
  return top ? `${money(top.exposure, item.currency)} (${top.date})` : '-';
}

function probability(i: ReportItem): string {
  if (i.breachProbability === null) return '-';
  return `${(i.breachProbability * 100).toFixed(1)}% (${i.probabilityMethod === 'MONTE_CARLO' ? 'Monte Carlo' : 'exact'})`;
}

function breachNow(item: ReportItem, kind: BreachNow['kind']): string {
  const breach = item.breaches.find((b) => b.kind === kind);
  if (!breach) return '-';
  return `#${breach.id} ${breach.status}${breach.waivedUntil ? ` until ${breach.waivedUntil}` : ''}`;
}

function status(s: string): string {
  return `<span class="${s}">${s}</span>`;
}

function pct(value: number): string {
  return `${value.toFixed(2)}%`;
}

/** Report figures are amounts of the portfolio's base currency rounded to cents; formatMoney takes exact cents. */
function money(value: number, currency: string): string {
  return escapeHtml(formatMoney(Math.round(value * 100), currency));
}
