import { escapeHtml } from '../common/html.js';
import { formatUsd } from '../common/money.js';
import type { BreachEntity } from '../breaches/breach.entity.js';
import type { DigestChange } from '../breaches/breach-recorder.js';

export type DigestLine = { breach: BreachEntity; portfolio: string; change: DigestChange | 'STILL_OPEN' };

export interface Digest {
  subject: string;
  text: string;
  html: string;
  /** The lines the email lists: at most MAX_DIGEST_LINES, the most important first. */
  listed: DigestLine[];
}

/** An email of thousands of lines is read by no one (and took seconds to write): the rest is counted and linked. */
export const MAX_DIGEST_LINES = 200;

const HEADINGS: Record<DigestLine['change'], string> = {
  NEW: 'New',
  ESCALATED: 'Escalated to breach',
  EARLIER: 'Projected breach date moved earlier',
  WAIVER_ENDED: 'Waiver ended',
  STILL_OPEN: 'Still open, not acknowledged',
  RESOLVED: 'Resolved',
};
const ORDER = Object.keys(HEADINGS) as Array<DigestLine['change']>;

/** One email listing what changed for a recipient, worst first; the subject counts it all. */
export function composeDigest(lines: DigestLine[], publicUrl: string): Digest {
  const sorted = byImportance(lines);
  const listed = sorted.slice(0, MAX_DIGEST_LINES);
  const open = lines.filter((l) => l.change !== 'RESOLVED');
  const worst = open.length ? open.reduce((a, b) => (rank(b) > rank(a) ? b : a)) : sorted[0];
  const subject = `[Exposure monitor] ${counts(lines).join(', ')} - ${worst.portfolio}`;
  const sections = ORDER.map((change) => [change, listed.filter((l) => l.change === change)] as const).filter(([, items]) => items.length);
  const unlisted = lines.length - listed.length;
  const more = unlisted ? `${unlisted} more ${unlisted === 1 ? 'change is' : 'changes are'} not listed here: ${publicUrl}/api/breaches?status=OPEN` : '';
  const text = sections.map(([change, items]) => `${HEADINGS[change]}\n${items.map((l) => textLine(l, publicUrl)).join('\n')}`).join('\n\n');
  const html = `<html><body style="font-family:sans-serif"><h2>${escapeHtml(subject)}</h2>${sections
    .map(([change, items]) => `<h3>${HEADINGS[change]}</h3><table border="1" cellpadding="4" cellspacing="0"><tr>${COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr>${items.map((l) => htmlRow(l, publicUrl)).join('')}</table>`)
    .join('')}${more ? `<p>${escapeHtml(more)}</p>` : ''}</body></html>`;
  return { subject, text: `${subject}\n\n${text}\n${more ? `\n${more}\n` : ''}`, html, listed };
}

/** By kind of change, then worst first; keys computed once, as a digest may hold thousands of lines. */
function byImportance(lines: DigestLine[]): DigestLine[] {
  return lines
    .map((line) => ({ line, order: ORDER.indexOf(line.change), rank: rank(line) }))
    .sort((a, b) => a.order - b.order || b.rank - a.rank)
    .map(({ line }) => line);
}

/** Severity first, then how far over: a breach outranks any warning. */
function rank(l: DigestLine): number {
  return (l.breach.severity === 'BREACH' ? 1e9 : 0) + l.breach.utilizationPct;
}

function counts(lines: DigestLine[]): string[] {
  const n = (change: DigestLine['change'], severity?: string) => lines.filter((l) => l.change === change && (!severity || l.breach.severity === severity)).length;
  const parts: Array<[number, string, string]> = [
    [n('NEW', 'BREACH'), 'new breach', 'new breaches'],
    [n('NEW', 'WARNING'), 'warning', 'warnings'],
    [n('ESCALATED'), 'escalation', 'escalations'],
    [n('EARLIER'), 'earlier breach date', 'earlier breach dates'],
    [n('WAIVER_ENDED'), 'waiver ended', 'waivers ended'],
    [n('STILL_OPEN'), 'still open', 'still open'],
    [n('RESOLVED'), 'resolved', 'resolved'],
  ];
  return parts.filter(([count]) => count > 0).map(([count, one, many]) => `${count} ${count === 1 ? one : many}`);
}

const COLUMNS = ['Portfolio', 'Family', 'Kind', 'Scenario', 'Severity', 'Exposure', 'Limit', 'Utilization', 'Projected breach', 'Probability', 'Link'];

function cells(l: DigestLine, publicUrl: string): string[] {
  const b = l.breach;
  return [
    l.portfolio, b.scopeLabel, b.kind, b.scenario ?? '-', b.severity, formatUsd(b.exposureCents), formatUsd(b.limitCents),
    `${b.utilizationPct.toFixed(2)}%`, b.projectedBreachDate ?? '-', b.breachProbability === null ? '-' : `${(b.breachProbability * 100).toFixed(1)}%`,
    `${publicUrl}/api/breaches/${b.id}`,
  ];
}

function textLine(l: DigestLine, publicUrl: string): string {
  const [portfolio, family, kind, scenario, severity, exposure, limit, utilization, date, probability, link] = cells(l, publicUrl);
  return `- ${severity} ${portfolio} ${family} (${kind}${scenario === '-' ? '' : `, ${scenario}`}): exposure ${exposure} vs limit ${limit}, ${utilization}; projected breach ${date}, probability ${probability}. ${link}`;
}

function htmlRow(l: DigestLine, publicUrl: string): string {
  const values = cells(l, publicUrl);
  const link = values.pop()!;
  return `<tr>${values.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}<td><a href="${escapeHtml(link)}">open</a></td></tr>`;
}
