import { escapeHtml } from '../common/html.js';
import { formatUsd } from '../common/money.js';
import { counted } from '../common/plural.js';
import type { Report, ReportItem } from './report.js';

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 90, right: 16, top: 16, bottom: 36 };

/** A print-ready page: the checks that are not OK, and a chart of exposure against limit for each breach. */
export function reportHtml(report: Report): string {
  const { run } = report;
  const breached = report.items.filter((i) => i.status === 'BREACH' || i.projectedStatus === 'BREACH');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Breach report - evaluation ${run.id}</title>
<style>
body{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#111}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border:1px solid #999;padding:3px 6px;text-align:left}
td.n{text-align:right}.BREACH{color:#b00020;font-weight:bold}.WARNING{color:#a05a00}
section{page-break-inside:avoid;margin-top:20px}@media print{body{margin:0}}
</style></head><body>
<h1>Breach report</h1>
<p>Evaluation ${run.id} (${escapeHtml(run.trigger)}${run.scheduledFor ? `, for ${escapeHtml(run.scheduledFor)}` : ''}), ${escapeHtml(run.status)}, started ${escapeHtml(run.startedAt)}, finished ${escapeHtml(run.finishedAt ?? '-')}.
${counted(report.items.length, 'check')} not OK, of which ${counted(breached.length, 'breach', 'breaches')}.</p>
<table><tr><th>Portfolio</th><th>Scenario</th><th>Limit</th><th>Family or aggregate</th><th>Today</th><th>Projected</th><th>Exposure</th><th>Limit</th><th>Utilization</th><th>Projected breach</th><th>Exposure then</th><th>Probability</th></tr>
${report.items.map(row).join('\n')}
</table>
${breached.map(chart).join('\n')}
</body></html>
`;
}

function row(i: ReportItem): string {
  return `<tr><td>${escapeHtml(i.portfolio)}</td><td>${escapeHtml(i.scenario ?? '-')}</td><td>${escapeHtml(i.limitName)}</td><td>${escapeHtml(i.scope)}</td><td class="${i.status}">${i.status}</td><td class="${i.projectedStatus}">${i.projectedStatus}</td><td class="n">${dollars(i.exposure)}</td><td class="n">${dollars(i.limit)}</td><td class="n">${i.utilizationPct.toFixed(2)}%</td><td>${escapeHtml(i.projectedBreachDate ?? '-')}</td><td class="n">${atBreach(i)}</td><td class="n">${i.breachProbability === null ? '-' : `${(i.breachProbability * 100).toFixed(1)}% (${escapeHtml(i.probabilityMethod ?? '')})`}</td></tr>`;
}

function atBreach(i: ReportItem): string {
  const month = i.months.find((m) => m.date === i.projectedBreachDate);
  return month ? dollars(month.exposure) : '-';
}

/** An inline SVG: the exposure line (today, then each month) against the limit line. */
function chart(i: ReportItem): string {
  const points = [{ date: 'today', exposure: i.exposure, limit: i.limit }, ...i.months];
  const top = Math.max(...points.flatMap((p) => [p.exposure, p.limit])) * 1.05 || 1;
  const x = (k: number) => PAD.left + (k * (WIDTH - PAD.left - PAD.right)) / Math.max(points.length - 1, 1);
  const y = (v: number) => HEIGHT - PAD.bottom - (v / top) * (HEIGHT - PAD.top - PAD.bottom);
  const line = (value: (p: (typeof points)[number]) => number) =>
    points.map((p, k) => `${x(k).toFixed(1)},${y(value(p)).toFixed(1)}`).join(' ');
  const ticks = [0, 0.5, 1]
    .map((f) => `<text x="${PAD.left - 6}" y="${y(top * f) + 4}" text-anchor="end" font-size="10">${dollars(top * f)}</text>`)
    .join('');
  const last = points.length - 1;
  return `<section><h3>${escapeHtml(i.portfolio)} - ${escapeHtml(i.scope)} - ${escapeHtml(i.limitName)}${i.scenario ? ` (${escapeHtml(i.scenario)})` : ''}</h3>
<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="Exposure against limit for ${escapeHtml(i.scope)}">
<rect x="${PAD.left}" y="${PAD.top}" width="${WIDTH - PAD.left - PAD.right}" height="${HEIGHT - PAD.top - PAD.bottom}" fill="none" stroke="#ccc"/>${ticks}
<polyline fill="none" stroke="#b00020" stroke-width="2" stroke-dasharray="6 3" points="${line((p) => p.limit)}"/>
<polyline fill="none" stroke="#1f4e9c" stroke-width="2" points="${line((p) => p.exposure)}"/>
<text x="${x(0)}" y="${HEIGHT - 20}" font-size="10">today</text><text x="${x(last)}" y="${HEIGHT - 20}" font-size="10" text-anchor="end">${escapeHtml(points[last].date)}</text>
<text x="${PAD.left}" y="${HEIGHT - 4}" font-size="10" fill="#1f4e9c">exposure</text><text x="${PAD.left + 70}" y="${HEIGHT - 4}" font-size="10" fill="#b00020">limit</text>
</svg></section>`;
}

/** Report items carry dollars rounded to cents; formatUsd takes exact cents. */
function dollars(value: number): string {
  return formatUsd(Math.round(value * 100));
}
