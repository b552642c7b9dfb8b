import { escapeHtml } from '../shared/html.js';
import { nameHtml, nameText } from '../shared/names.js';
import { formatUsd } from '../common/money.js';
import { counted } from '../shared/plural.js';
import type { ResolutionOf } from '../breaches/breach-lifecycle.js';
import { resolutionText, type DigestChange } from '../breaches/breach-recorder.js';
import type { BreachEntity } from '../breaches/breach.entity.js';
import type { LimitLabel } from '../limits/limit-labels.js';

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
 * counts them all. The HTML part shows each entry's chart (inline SVG, by group key, where the run
 * drew one); both parts link the web page.
 */
export function composeDigest(
  { entries, listed }: DigestPlan,
  limits: Map<number, LimitLabel>,
  publicUrl: string,
  charts: Map<string, string>,
): Digest {
  const open = entries.filter((e) => e.change !== 'RESOLVED');
  const worst = open.length ? open.reduce((a, b) => (b.rank > a.rank ? b : a)) : entries[0];
  const subject = `[Exposure monitor] ${counts(entries).join(', ')} - ${worst.lines[0].portfolio}`;
  const sections = ORDER.map((change) => [change, listed.filter((e) => e.change === change)] as const).filter(([, items]) => items.length);
  const unlisted = entries.length - listed.length;
  const more = unlisted
    ? `${unlisted} more ${unlisted === 1 ? 'problem is' : 'problems are'} not listed here: ${publicUrl}/breaches?status=OPEN`
    : '';
  const text = sections
    .map(([change, items]) => `${HEADINGS[change]}\n${items.map((e) => entryText(e, limits, publicUrl)).join('\n')}`)
    .join('\n\n');
  const html = `<html><body style="font-family:sans-serif"><h2>${escapeHtml(subject)}</h2>${sections
    .map(
      ([change, items]) =>
        `<h3>${HEADINGS[change]}</h3><table border="1" cellpadding="4" cellspacing="0"><tr>${COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr>${items.map((e) => entryRows(e, limits, publicUrl, charts)).join('')}</table>`,
    )
    .join('')}${more ? `<p>${escapeHtml(more)}</p>` : ''}</body></html>`;
  return { subject, text: `${subject}\n\n${text}\n${more ? `\n${more}\n` : ''}`, html, listed: listed.flatMap((e) => e.lines) };
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
function lineFigures(line: DigestLine): string {
  const b = line.breach;
  const when = b.kind === 'CURRENT' ? 'today' : b.scenario!;
  if (line.change === 'RESOLVED') return `${when}: resolved: ${resolutionText(b, line.resolution!)}`;
  const projected = b.kind === 'PROJECTED' ? `; projected breach ${b.projectedBreachDate ?? '-'}, probability ${probability(b)}` : '';
  const worsened = line.change === 'WORSENED' ? ` (up from ${line.toldUtilizationPct!.toFixed(2)}% when last told)` : '';
  return `${when}: ${b.severity} exposure ${formatUsd(b.exposureCents)} vs limit ${formatUsd(b.limitCents)}, ${b.utilizationPct.toFixed(2)}%${worsened}${projected}`;
}

function probability(b: BreachEntity): string {
  return b.breachProbability === null ? '-' : `${(b.breachProbability * 100).toFixed(1)}%`;
}

/** The breach on the web page (SPEC 5.8.1). */
function link(line: DigestLine, publicUrl: string): string {
  return `${publicUrl}/breaches/${line.breach.id}`;
}

function entryText(entry: DigestEntry, limits: Map<number, LimitLabel>, publicUrl: string): string {
  const [first] = entry.lines;
  const heading = `- ${worstSeverity(entry)} ${first.portfolio} ${nameText(first.breach.scopeLabel)}, ${nameText(limitText(first.breach.limitId, limits))}`;
  return [heading, ...entry.lines.map((l) => `    ${lineFigures(l)} ${link(l, publicUrl)}`)].join('\n');
}

/** The chart scales to its cell; a mail client's full width would make it taller than the screen. */
const CHART_MAX_WIDTH = '640px';

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

/** The entry's portfolio, scope and limit once (rowspan), one row per breach of the group, then its chart across the table. */
function entryRows(entry: DigestEntry, limits: Map<number, LimitLabel>, publicUrl: string, charts: Map<string, string>): string {
  const span = entry.lines.length;
  const [first] = entry.lines;
  const head = [escapeHtml(first.portfolio), nameHtml(first.breach.scopeLabel), nameHtml(limitText(first.breach.limitId, limits))]
    .map((v) => `<td rowspan="${span}">${v}</td>`)
    .join('');
  const rows = entry.lines.map(
    (l, i) =>
      `<tr>${i === 0 ? head : ''}${lineCells(l)
        .map((v) => `<td>${escapeHtml(v)}</td>`)
        .join('')}<td><a href="${escapeHtml(link(l, publicUrl))}">open</a></td></tr>`,
  );
  const chart = charts.get(first.breach.groupKey);
  return (
    rows.join('') + (chart ? `<tr><td colspan="${COLUMNS.length}"><div style="max-width:${CHART_MAX_WIDTH}">${chart}</div></td></tr>` : '')
  );
}

function lineCells(l: DigestLine): string[] {
  const b = l.breach;
  const when = b.kind === 'CURRENT' ? 'today' : b.scenario!;
  if (l.change === 'RESOLVED') return [when, b.severity, '', '', '', '', '', `resolved: ${resolutionText(b, l.resolution!)}`];
  const change = l.change === 'WORSENED' ? `worsened from ${l.toldUtilizationPct!.toFixed(2)}%` : HEADINGS[l.change].toLowerCase();
  return [
    when,
    b.severity,
    formatUsd(b.exposureCents),
    formatUsd(b.limitCents),
    `${b.utilizationPct.toFixed(2)}%`,
    b.projectedBreachDate ?? '-',
    probability(b),
    change,
  ];
}
