import { escapeHtml } from '../shared/html.js';
import { nameHtml, nameText } from '../shared/names.js';
import { formatMoney } from '../common/money.js';
import { resolutionText } from '../breaches/breach-recorder.js';
import type { BreachEntity } from '../breaches/breach.entity.js';
import type { LimitLabel } from '../limits/limit-labels.js';
import { worstSeverity, type DigestEntry, type DigestLine, type LineChange } from './digest-plan.js';

/** The heading of each section, and each line's change in the table. */
export const HEADINGS: Record<LineChange, string> = {
  NEW: 'New',
  ESCALATED: 'Escalated to breach',
  WORSENED: 'Worsened',
  EARLIER: 'Projected breach date moved earlier',
  WAIVER_ENDED: 'Waiver ended',
  STILL_OPEN: 'Still open, not acknowledged',
  RESOLVED: 'Resolved',
};

/** The month of highest utilization of a projection. */
export interface Peak {
  date: string;
  utilizationPct: number;
}

export function peakKey(groupKey: string, scenario: string | null): string {
  return `${groupKey}#${scenario ?? ''}`;
}

/** A chart placed in the HTML part: its Content-ID, its alt text (the chart's title) and its shown size. */
export interface PlacedImage {
  cid: string;
  title: string;
  width: number;
  height: number;
}

function limitText(limitId: number, limits: Map<number, LimitLabel>): string {
  const limit = limits.get(limitId);
  if (!limit) return `limit #${limitId}`;
  return `limit "${limit.name}"${limit.source ? ` (${limit.source})` : ''}`;
}

/** today / the scenario, the figures, and what changed when it is not the entry's change. */
function lineFigures(line: DigestLine, peaks: Map<string, Peak>): string {
  const b = line.breach;
  const when = b.kind === 'CURRENT' ? 'today' : b.scenario!;
  if (line.change === 'RESOLVED') return `${when}: resolved: ${resolutionText(b, line.resolution!)}`;
  const worsened = line.change === 'WORSENED' ? ` (up from ${line.toldUtilizationPct!.toFixed(2)}% when last told)` : '';
  const money = (cents: number) => formatMoney(cents, line.currency);
  const figures = `${when}: ${b.severity} exposure ${money(b.exposureCents)} vs limit ${money(b.limitCents)}, ${b.utilizationPct.toFixed(2)}%${worsened}`;
  if (b.kind !== 'PROJECTED') return figures;
  if (b.projectedBreachDate) return `${figures}; projected breach ${b.projectedBreachDate}, probability ${probability(b)}`;
  return `${figures}; no breach projected, ${peakText(b, peaks)}`;
}

/**
 * A warning's month of highest utilization, from the run's projection: "peak 2027-06-30 at 94.10% of
 * the limit". A reminder from a portfolio this run did not project has its utilization only.
 */
function peakText(b: BreachEntity, peaks: Map<string, Peak>): string {
  const peak = peaks.get(peakKey(b.groupKey, b.scenario));
  return peak
    ? `peak ${peak.date} at ${peak.utilizationPct.toFixed(2)}% of the limit`
    : `peak ${b.utilizationPct.toFixed(2)}% of the limit (its month is not in this run)`;
}

function probability(b: BreachEntity): string {
  return b.breachProbability === null ? '-' : `${(b.breachProbability * 100).toFixed(1)}%`;
}

/** The breach on the web page (SPEC 5.8.1). */
function link(line: DigestLine, publicUrl: string): string {
  return `${publicUrl}/breaches/${line.breach.id}`;
}

export function entryText(entry: DigestEntry, limits: Map<number, LimitLabel>, publicUrl: string, peaks: Map<string, Peak>): string {
  const [first] = entry.lines;
  const heading = `- ${worstSeverity(entry)} ${first.portfolio} ${nameText(first.breach.scopeLabel)}, ${nameText(limitText(first.breach.limitId, limits))}`;
  return [heading, ...entry.lines.map((l) => `    ${lineFigures(l, peaks)} ${link(l, publicUrl)}`)].join('\n');
}

export const COLUMNS = [
  'Portfolio',
  'Family or aggregate',
  'Limit',
  'Today or scenario',
  'Severity',
  'Exposure',
  'Limit amount',
  'Utilization',
  'Projected breach',
  'Probability',
  'Change',
  'Link',
];

/**
 * The entry's portfolio, scope and limit once (rowspan), one row per breach of the group, then its
 * chart across the table: at most 640 px wide (a mail client's full width would make it taller than
 * the screen), narrower on a phone.
 */
export function entryRows(
  entry: DigestEntry,
  limits: Map<number, LimitLabel>,
  publicUrl: string,
  peaks: Map<string, Peak>,
  images: Map<string, PlacedImage>,
): string {
  const span = entry.lines.length;
  const [first] = entry.lines;
  const head = [escapeHtml(first.portfolio), nameHtml(first.breach.scopeLabel), nameHtml(limitText(first.breach.limitId, limits))]
    .map((v) => `<td rowspan="${span}">${v}</td>`)
    .join('');
  const rows = entry.lines.map(
    (l, i) =>
      `<tr>${i === 0 ? head : ''}${lineCells(l, peaks)
        .map((v) => `<td>${escapeHtml(v)}</td>`)
        .join('')}<td><a href="${escapeHtml(link(l, publicUrl))}">open</a></td></tr>`,
  );
  const image = images.get(first.breach.groupKey);
  const chart = image
    ? `<tr><td colspan="${COLUMNS.length}"><img src="cid:${escapeHtml(image.cid)}" alt="${escapeHtml(image.title)}" width="${image.width}" height="${image.height}" style="display:block;max-width:100%;height:auto;border:0"></td></tr>`
    : '';
  return rows.join('') + chart;
}

function lineCells(l: DigestLine, peaks: Map<string, Peak>): string[] {
  const b = l.breach;
  const when = b.kind === 'CURRENT' ? 'today' : b.scenario!;
  if (l.change === 'RESOLVED') return [when, b.severity, '', '', '', '', '', `resolved: ${resolutionText(b, l.resolution!)}`];
  const change = l.change === 'WORSENED' ? `worsened from ${l.toldUtilizationPct!.toFixed(2)}%` : HEADINGS[l.change].toLowerCase();
  const warning = b.kind === 'PROJECTED' && !b.projectedBreachDate;
  return [
    when,
    b.severity,
    formatMoney(b.exposureCents, l.currency),
    formatMoney(b.limitCents, l.currency),
    `${b.utilizationPct.toFixed(2)}%`,
    warning ? `none; ${peakText(b, peaks)}` : (b.projectedBreachDate ?? '-'),
    warning ? 'n/a' : probability(b),
    change,
  ];
}
