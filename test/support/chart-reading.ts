/** Reading an exposure chart's SVG as its reader does: where the ticks and the breach marker stand, and what the texts say. */

const DAY_MS = 86_400_000;

/** The x ticks of 24 months after 2026-11-30 as a reader sees them: the quarter ends, the year under each year's first. */
export const QUARTER_END_TICKS = [
  ['2026-12-31', 'Dec 2026'],
  ['2027-03-31', 'Mar 2027'],
  ['2027-06-30', 'Jun'],
  ['2027-09-30', 'Sep'],
  ['2027-12-31', 'Dec'],
  ['2028-03-31', 'Mar 2028'],
  ['2028-06-30', 'Jun'],
  ['2028-09-30', 'Sep'],
];

export function attrOf(element: string, name: string): string | undefined {
  return new RegExp(` ${name}="([^"]*)"`).exec(element)?.[1];
}

export function textsOf(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

/** Where a date lies on the x axis drawn: its share of the span from the as-of date to the last month end. */
export function xOnAxis(svg: string, date: string, from: string, to: string): number {
  const axis = /<line class="x-axis"[^>]*>/.exec(svg)![0];
  const [left, right] = [Number(attrOf(axis, 'x1')), Number(attrOf(axis, 'x2'))];
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;
  return left + ((day(date) - day(from)) / (day(to) - day(from))) * (right - left);
}

export function xTicksOf(svg: string): Array<{ date: string; x: number; labels: string[] }> {
  return [...svg.matchAll(/<g class="x-tick" data-date="([^"]+)">(.*?)<\/g>/g)].map(([, date, body]) => ({
    date,
    x: Number(attrOf(body, 'x1')),
    labels: textsOf(body),
  }));
}

/** The breach marker's date, the x of its rule and its label. */
export function breachMarkerOf(svg: string): { date: string; x: number; label: string } | null {
  const match = /<g class="breach-marker" data-date="([^"]+)">(.*?)<\/g>/.exec(svg);
  if (!match) return null;
  const [, date, body] = match;
  return { date, x: Number(attrOf(/<line[^>]*>/.exec(body)![0], 'x1')), label: textsOf(body)[0] };
}
