import { escapeHtml } from '../shared/html.js';
import { counted } from '../shared/plural.js';
import type { LimitLabel } from '../limits/limit-labels.js';
import type { InlineImage } from './outbox-message.entity.js';
import { COLUMNS, entryRows, entryText, HEADINGS, type PlacedImage, type Peak } from './digest-lines.js';
import { CHANGE_ORDER, worstSeverity, type DigestEntry, type DigestLine, type DigestPlan, type LineChange } from './digest-plan.js';

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
  const sections = CHANGE_ORDER.map((change) => [change, listed.filter((e) => e.change === change)] as const).filter(
    ([, items]) => items.length,
  );
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
