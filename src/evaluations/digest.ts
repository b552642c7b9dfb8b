import { escapeHtml } from '../shared/html.js';
import { nameHtml, nameText } from '../shared/names.js';
import { formatUsd } from '../common/money.js';
import { counted } from '../shared/plural.js';
import type { ResolutionOf } from '../breaches/breach-lifecycle.js';
import { resolutionText, type DigestChange } from '../breaches/breach-recorder.js';
import type { BreachEntity } from '../breaches/breach.entity.js';
import type { LimitLabel } from '../limits/limit-labels.js';
import type { InlineImage } from '../alerts/outbox-message.entity.js';

export type LineChange = DigestChange | 'WORSENED' | 'STILL_OPEN';

/** One breach in a digest, and what happened to it. */
export interface DigestLine {
  breach: BreachEntity;
  portfolio: string;
  change: LineChange;
  /** RESOLVED: why */
  resolution?: ResolutionOf;
  /** WORSENED: the utilization the recipient was last told */
  toldUtilizationPct?: number;
}

export interface Digest {
  subject: string;
  text: string;
  html: string;
  /** The lines the email lists: those of its MAX_DIGEST_ENTRIES most important entries. */
  listed: DigestLine[];
  /** The charts the HTML shows (<img src="cid:...">), as SVG: the outbox renders them to PNG when it sends. */
  images: InlineImage[];
}

/** A problem's chart: its title is the image's alt text. */
export interface DigestChart {
  title: string;
  svg: string;
}

/** The month of highest utilization of a projection. */
export interface Peak {
  date: string;
  utilizationPct: number;
}

/** What a run tells each of its digests. */
export interface DigestRun {
  runId: number;
  /** When the run recorded its results (ISO instant). */
  at: string;
  /** Portfolio code -> the as-of date of the holdings the run evaluated. */
  asOf: Map<string, string>;
  /** The peak of each projection the run found not OK, by peakKey(group key, scenario). */
  peaks: Map<string, Peak>;
  /** The charts of the problems the run projected, by group key. */
  charts: Map<string, DigestChart>;
}

export function peakKey(groupKey: string, scenario: string | null): string {
  return `${groupKey}#${scenario ?? ''}`;
}

/** An email of thousands of entries is read by no one (and took seconds to write): the rest is counted and linked. */
export const MAX_DIGEST_ENTRIES = 100;

const HEADINGS: Record<LineChange, string> = {
  NEW: 'New',
  ESCALATED: 'Escalated to breach',
  WORSENED: 'Worsened',
  EARLIER: 'Projected breach date moved earlier',
  WAIVER_ENDED: 'Waiver ended',
  STILL_OPEN: 'Still open, not acknowledged',
  RESOLVED: 'Resolved',
};
const ORDER = Object.keys(HEADINGS) as LineChange[];

/** One problem (portfolio, limit, scope): today's breach and one per scenario, told as one entry. */
export interface DigestEntry {
  lines: DigestLine[];
  change: LineChange;
  rank: number;
}

/** A digest's entries, worst first, and those it lists: decided before the charts are drawn, so that only the listed ones are. */
export interface DigestPlan {
  entries: DigestEntry[];
  listed: DigestEntry[];
}

export function planDigest(lines: DigestLine[]): DigestPlan {
  const entries = entriesOf(lines);
  return { entries, listed: entries.slice(0, MAX_DIGEST_ENTRIES) };
}

/** The problems (group keys) a digest lists, whose charts it shows. */
export function listedProblems(plan: DigestPlan): string[] {
  return plan.listed.map((e) => e.lines[0].breach.groupKey);
}

/**
 * One email listing what changed for a recipient, one entry per problem, worst first; the subject
 * counts them all. It stands alone: it names the run (id, time, a link to its report) and the as-of
 * date of each listed portfolio's holdings; the HTML part shows each entry's chart (a PNG attached
 * inline, by group key, where the run drew one); both parts link each breach on the web page and
 * end by counting the open breaches of the recipient's that the email does not repeat (`stillOpen`).
 */
export function composeDigest(
  { entries, listed }: DigestPlan,
  limits: Map<number, LimitLabel>,
  publicUrl: string,
  run: DigestRun,
  stillOpen: number,
): Digest {
  const open = entries.filter((e) => e.change !== 'RESOLVED');
  const worst = open.length ? open.reduce((a, b) => (b.rank > a.rank ? b : a)) : entries[0];
  const subject = `[Exposure monitor] ${counts(entries).join(', ')} - ${worst.lines[0].portfolio}`;
  const sections = ORDER.map((change) => [change, listed.filter((e) => e.change === change)] as const).filter(([, items]) => items.length);
  const unlisted = entries.length - listed.length;
  const openList = `${publicUrl}/breaches?status=OPEN`;
  const more = unlisted ? `${unlisted} more ${unlisted === 1 ? 'problem is' : 'problems are'} not listed here: ${openList}` : '';
  const notRepeated = stillOpen
    ? `${stillOpen} more ${stillOpen === 1 ? 'breach is' : 'breaches are'} still open and not repeated here: ${openList}`
    : '';
  const about = runAbout(run, listed, publicUrl);
  const images = chartImages(listed, run, publicUrl);
  const footer = [more, notRepeated].filter(Boolean);
  const chartsLeft = images.left
    ? `<p>Charts are attached for the first ${MAX_DIGEST_CHARTS} entries; those of the ${counted(images.left, 'other')} are in <a href="${escapeHtml(reportUrl(run, publicUrl))}">the report of run ${run.runId}</a>.</p>`
    : '';
  const text = sections
    .map(([change, items]) => `${HEADINGS[change]}\n${items.map((e) => entryText(e, limits, publicUrl, run.peaks)).join('\n')}`)
    .join('\n\n');
  const html = `<html><body style="font-family:sans-serif"><h2>${escapeHtml(subject)}</h2>${about.html}${sections
    .map(
      ([change, items]) =>
        `<h3>${HEADINGS[change]}</h3><table border="1" cellpadding="4" cellspacing="0"><tr>${COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr>${items.map((e) => entryRows(e, limits, publicUrl, run.peaks, images.byGroup)).join('')}</table>`,
    )
    .join('')}${chartsLeft}${footer.map((line) => `<p>${linked(line, openList)}</p>`).join('')}</body></html>`;
  return {
    subject,
    text: `${subject}\n\n${about.text}\n\n${text}\n${footer.map((line) => `\n${line}\n`).join('')}`,
    html,
    listed: listed.flatMap((e) => e.lines),
    images: images.list,
  };
}

/** "2026-11-30 06:00 UTC" */
function minuteOf(instant: string): string {
  return `${instant.slice(0, 10)} ${instant.slice(11, 16)} UTC`;
}

/**
 * The run (id, time, its report) and the as-of date of each listed portfolio's holdings; a portfolio
 * this run did not evaluate (a reminder) is said so, with the run its figures come from.
 */
function runAbout(run: DigestRun, listed: DigestEntry[], publicUrl: string): { text: string; html: string } {
  const lastSeen = new Map<string, number>();
  for (const { portfolio, breach } of listed.flatMap((e) => e.lines))
    lastSeen.set(portfolio, Math.max(lastSeen.get(portfolio) ?? 0, breach.lastSeenRunId));
  const holdings = [...lastSeen].map(([portfolio, seen]) => {
    const asOf = run.asOf.get(portfolio);
    return asOf ? `${portfolio} as of ${asOf}` : `${portfolio} not evaluated by this run (its figures are those of run ${seen})`;
  });
  const runText = `Evaluation run ${run.runId} at ${minuteOf(run.at)}. Holdings: ${holdings.join('; ')}.`;
  const report = reportUrl(run, publicUrl);
  return {
    text: `${runText}\nReport of run ${run.runId}: ${report}`,
    html: `<p>${escapeHtml(runText)}<br><a href="${escapeHtml(report)}">Report of run ${run.runId}</a></p>`,
  };
}

/** The run's breach report, print-ready, with every chart (SPEC 5.8). */
function reportUrl(run: DigestRun, publicUrl: string): string {
  return `${publicUrl}/api/evaluations/${run.runId}/report?format=html`;
}

/** A footer line, its trailing link made a link. */
function linked(line: string, url: string): string {
  return line.endsWith(url)
    ? `${escapeHtml(line.slice(0, -url.length))}<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`
    : escapeHtml(line);
}

interface PlacedImage {
  cid: string;
  title: string;
  width: number;
  height: number;
}

/** The shown width of a chart (px); its PNG is twice as wide, sharp on high-density screens. */
export const CHART_SHOWN_WIDTH = 640;

/**
 * A chart's PNG is some 40-60 kB: 20 of them keep an email near 1.5 MB once base64-encoded, well
 * under what relays accept (10 MB is a common limit, and a refused email would lose the alert).
 * The other entries' charts are in the run's report.
 */
export const MAX_DIGEST_CHARTS = 20;

/** One inline image per listed entry the run drew a chart of, numbered in the email's order, the first MAX_DIGEST_CHARTS. */
function chartImages(listed: DigestEntry[], run: DigestRun, publicUrl: string) {
  const host = new URL(publicUrl).hostname;
  const list: InlineImage[] = [];
  const byGroup = new Map<string, PlacedImage>();
  let left = 0;
  for (const entry of listed) {
    const key = entry.lines[0].breach.groupKey;
    const chart = run.charts.get(key);
    if (!chart || byGroup.has(key)) continue;
    if (list.length === MAX_DIGEST_CHARTS) {
      left++;
      continue;
    }
    const cid = `chart-${list.length + 1}.run-${run.runId}@${host}`;
    list.push({ cid, svg: chart.svg });
    byGroup.set(key, { cid, title: chart.title, width: CHART_SHOWN_WIDTH, height: shownHeight(chart.svg) });
  }
  return { list, byGroup, left };
}

/** The height the chart shows at CHART_SHOWN_WIDTH, from its viewBox: Outlook sizes images by their attributes. */
function shownHeight(svg: string): number {
  const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  return box ? Math.round((CHART_SHOWN_WIDTH * Number(box[2])) / Number(box[1])) : Math.round(CHART_SHOWN_WIDTH * 0.47);
}

/** Lines grouped per problem; an entry is as important as its most important line, then as its worst. */
function entriesOf(lines: DigestLine[]): DigestEntry[] {
  const groups = new Map<string, DigestLine[]>();
  for (const line of lines) groups.set(line.breach.groupKey, [...(groups.get(line.breach.groupKey) ?? []), line]);
  return [...groups.values()]
    .map((group) => {
      const sorted = group.sort(
        (a, b) => memberOrder(a) - memberOrder(b) || (a.breach.scenario ?? '').localeCompare(b.breach.scenario ?? ''),
      );
      return { lines: sorted, change: ORDER[Math.min(...group.map((l) => ORDER.indexOf(l.change)))], rank: Math.max(...group.map(rank)) };
    })
    .sort((a, b) => ORDER.indexOf(a.change) - ORDER.indexOf(b.change) || b.rank - a.rank);
}

/** Today's figures first, then each scenario's. */
function memberOrder(line: DigestLine): number {
  return line.breach.kind === 'CURRENT' ? 0 : 1;
}

/** Severity first, then how far over: a breach outranks any warning. */
function rank(l: DigestLine): number {
  return (l.breach.severity === 'BREACH' ? 1e30 : 0) + l.breach.utilizationPct;
}

function worstSeverity(entry: DigestEntry): string {
  return entry.lines.some((l) => l.breach.severity === 'BREACH') ? 'BREACH' : 'WARNING';
}

function counts(entries: DigestEntry[]): string[] {
  const n = (change: LineChange, severity?: string) =>
    entries.filter((e) => e.change === change && (!severity || worstSeverity(e) === severity)).length;
  const parts: Array<[number, string, string]> = [
    [n('NEW', 'BREACH'), 'new breach', 'new breaches'],
    [n('NEW', 'WARNING'), 'warning', 'warnings'],
    [n('ESCALATED'), 'escalation', 'escalations'],
    [n('WORSENED'), 'worsened', 'worsened'],
    [n('EARLIER'), 'earlier breach date', 'earlier breach dates'],
    [n('WAIVER_ENDED'), 'waiver ended', 'waivers ended'],
    [n('STILL_OPEN'), 'still open', 'still open'],
    [n('RESOLVED'), 'resolved', 'resolved'],
  ];
  return parts.filter(([count]) => count > 0).map(([count, one, many]) => counted(count, one, many));
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
  const figures = `${when}: ${b.severity} exposure ${formatUsd(b.exposureCents)} vs limit ${formatUsd(b.limitCents)}, ${b.utilizationPct.toFixed(2)}%${worsened}`;
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

function entryText(entry: DigestEntry, limits: Map<number, LimitLabel>, publicUrl: string, peaks: Map<string, Peak>): string {
  const [first] = entry.lines;
  const heading = `- ${worstSeverity(entry)} ${first.portfolio} ${nameText(first.breach.scopeLabel)}, ${nameText(limitText(first.breach.limitId, limits))}`;
  return [heading, ...entry.lines.map((l) => `    ${lineFigures(l, peaks)} ${link(l, publicUrl)}`)].join('\n');
}

const COLUMNS = [
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
function entryRows(
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
    formatUsd(b.exposureCents),
    formatUsd(b.limitCents),
    `${b.utilizationPct.toFixed(2)}%`,
    warning ? `none; ${peakText(b, peaks)}` : (b.projectedBreachDate ?? '-'),
    warning ? 'n/a' : probability(b),
    change,
  ];
}
