/**
 * The one exposure chart of the page, the report and the email: exposure against limit over the
 * horizon, as an SVG document string (text escaped), so that the server writes it into HTML and
 * the page shows it as it is.
 */
import { scaleLinear, scaleUtc, type ScaleLinear, type ScaleTime } from 'd3-scale';
import { line, symbol, symbolCircle, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye, type SymbolType } from 'd3-shape';
import { utcDay, utcMonth, utcTickInterval } from 'd3-time';
import { utcFormat } from 'd3-time-format';
import { escapeHtml } from './html.js';

/** One line of exposure: a scenario's projection (or the only one). Amounts in the chart's currency. */
export interface ChartSeries {
  label: string;
  points: Array<{ date: string; exposure: number }>;
}

export interface ExposureChartInput {
  /** The chart's accessible name (role img): names what it shows, e.g. "Meta Platforms Inc: exposure against the 2.5% limit". */
  title: string;
  /** The ISO 4217 code of the currency the amounts are in (the portfolio's base currency): the amount axis reads "EUR M". */
  currency: string;
  /** The as-of date of the holdings: where the lines start ("today"). */
  asOfDate: string;
  /** Today's exposure and limit, in the currency. */
  today: { exposure: number; limit: number };
  /** The limit at each month end of the horizon, in the currency (it may grow or change with its versions). */
  limit: Array<{ date: string; limit: number }>;
  /** One or several (one per scenario) exposure lines over the horizon. */
  series: ChartSeries[];
  /** The projected breach date, marked and labelled on the chart. */
  breach?: { date: string; label: string } | null;
  /** The limit line's name in the legend; "Limit" by default. */
  limitLabel?: string;
  width?: number;
  height?: number;
}

const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { top: 22, right: 16, bottom: 34, left: 64 };
const LEGEND_ROW = 18;
const LEGEND_COLUMN = 150;
const X_TICKS = 8;
const Y_TICKS = 5;
const MILLION = 1e6;
const TEXT = '#222';
const GRID = '#ddd';
const LIMIT_STYLE = { colour: '#b00020', dash: '10 4', width: 2.5 };
/** Told apart in grey and in print by the dash pattern and the marker; the colour only helps. */
const SERIES_COLOURS = ['#1f4e9c', '#d95f02', '#1b7837', '#6a3d9a', '#8c510a', '#01665e'];
const SERIES_DASHES = ['', '6 3', '2 3', '9 3 2 3', '14 4', '3 2 1 2'];
const SERIES_MARKERS = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond, symbolStar, symbolWye];
const MARKER_SIZE = 30;
const BREACH_MARKER_SIZE = 90;

interface LineStyle {
  colour: string;
  dash: string;
  width: number;
  marker: SymbolType | null;
}

interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
  x: ScaleTime<number, number>;
  y: ScaleLinear<number, number>;
  /** The month ends the x axis marks, where the lines carry their markers. */
  ticks: Date[];
}

interface Point {
  date: Date;
  amount: number;
}

/** Midnight UTC of an ISO date, read from its digits: a chart reads some hundred dates, and parsing strings took most of its time. */
const dayOf = (iso: string) => new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));
const isoOf = utcFormat('%Y-%m-%d');
const monthName = utcFormat('%b');
const yearOf = utcFormat('%Y');
const at = (n: number) => n.toFixed(1);

export function exposureChart(input: ExposureChartInput): string {
  const width = input.width ?? WIDTH;
  const height = input.height ?? HEIGHT;
  const legend = legendEntries(input);
  const perRow = Math.max(1, Math.floor((width - MARGIN.left) / LEGEND_COLUMN));
  const legendTop = height - Math.ceil(legend.length / perRow) * LEGEND_ROW;
  const plot = plotOf(input, { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: legendTop - MARGIN.bottom });
  const title = escapeHtml(input.title);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="exposure-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${title}" font-family="Helvetica, Arial, sans-serif" font-size="11" fill="${TEXT}">`,
    `<title>${title}</title>`,
    yAxis(plot, input.currency),
    xAxis(plot),
    limitLine(input, plot),
    ...input.series.map((s, i) => exposureLine(input, s, seriesStyle(i), plot)),
    input.breach ? breachMarker(input, input.breach, plot) : '',
    legendOf(legend, perRow, legendTop),
    '</svg>',
  ].join('');
}

function plotOf(input: ExposureChartInput, box: Omit<Plot, 'x' | 'y' | 'ticks'>): Plot {
  const start = dayOf(input.asOfDate);
  const dates = [...input.limit.map((p) => p.date), ...input.series.flatMap((s) => s.points.map((p) => p.date))].map(dayOf);
  const latest = Math.max(...dates.map(Number));
  const end = latest > start.getTime() ? new Date(latest) : utcMonth.offset(start, 1);
  const amounts = [input.today.exposure, input.today.limit, ...input.limit.map((p) => p.limit)];
  amounts.push(...input.series.flatMap((s) => s.points.map((p) => p.exposure)));
  const top = Math.max(...amounts) / MILLION;
  return {
    ...box,
    x: scaleUtc().domain([start, end]).range([box.left, box.right]),
    ticks: monthEndTicks(start, end),
    y: scaleLinear()
      .domain([0, top > 0 ? top : 1])
      .nice(Y_TICKS)
      .range([box.bottom, box.top]),
  };
}

/**
 * Amounts in millions of the currency: the unit above the axis ("EUR M"), each nice tick a number
 * ("1,200") with a light grid line. The unit stands apart so that a tick stays within the margin
 * whatever the code.
 */
function yAxis({ y, left, right, top }: Plot, currency: string): string {
  const format = y.tickFormat(Y_TICKS, ',f');
  const unit = `<text class="y-unit" x="${left - 6}" y="${top - 8}" text-anchor="end">${escapeHtml(currency)} M</text>`;
  return (
    unit +
    y
      .ticks(Y_TICKS)
      .map(
        (v) =>
          `<g class="y-tick"><line x1="${left}" x2="${right}" y1="${at(y(v))}" y2="${at(y(v))}" stroke="${GRID}"/>` +
          `<text x="${left - 6}" y="${at(y(v) + 4)}" text-anchor="end">${escapeHtml(format(v))}</text></g>`,
      )
      .join('')
  );
}

/** The figures are month ends, so the ticks are: each month, quarter or year end as d3 spaces them for the span. */
function monthEndTicks(start: Date, end: Date): Date[] {
  const from = utcDay.offset(start, 1);
  const to = utcDay.offset(end, 1);
  const interval = utcMonth.count(from, to) <= X_TICKS ? utcMonth : (utcTickInterval(from, to, X_TICKS) ?? utcMonth);
  return interval.range(from, utcDay.offset(to, 1)).map((monthStart) => utcDay.offset(monthStart, -1));
}

/** The axis line, then a tick per month end labelled with the month, and the year under the first tick of each year. */
function xAxis({ x, ticks, left, right, bottom }: Plot): string {
  let year = '';
  const marks = ticks.map((date) => {
    const tickX = at(x(date));
    const yearLabel = yearOf(date) === year ? '' : `<text x="${tickX}" y="${bottom + 28}" text-anchor="middle">${yearOf(date)}</text>`;
    year = yearOf(date);
    return (
      `<g class="x-tick" data-date="${isoOf(date)}"><line x1="${tickX}" x2="${tickX}" y1="${bottom}" y2="${bottom + 5}" stroke="${TEXT}"/>` +
      `<text x="${tickX}" y="${bottom + 16}" text-anchor="middle">${monthName(date)}</text>${yearLabel}</g>`
    );
  });
  return `<line class="x-axis" x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="${TEXT}"/>${marks.join('')}`;
}

function limitLine(input: ExposureChartInput, plot: Plot): string {
  const points = [{ date: input.asOfDate, limit: input.today.limit }, ...input.limit].map((p) => ({
    date: dayOf(p.date),
    amount: p.limit,
  }));
  return drawn('limit-line', points, { ...LIMIT_STYLE, marker: null }, plot);
}

function exposureLine(input: ExposureChartInput, series: ChartSeries, style: LineStyle, plot: Plot): string {
  const points = [{ date: input.asOfDate, exposure: input.today.exposure }, ...series.points].map((p) => ({
    date: dayOf(p.date),
    amount: p.exposure,
  }));
  return drawn('exposure-line', points, style, plot);
}

function drawn(kind: string, points: Point[], style: LineStyle, { x, y, ticks }: Plot): string {
  const path = line<Point>()
    .x((p) => x(p.date))
    .y((p) => y(p.amount / MILLION))
    .digits(1)(points);
  const marked = new Set(ticks.map(Number));
  const markers = style.marker
    ? points
        .filter((p) => marked.has(Number(p.date)))
        .map((p) => marker(style.marker!, x(p.date), y(p.amount / MILLION), style.colour))
        .join('')
    : '';
  return `<g class="${kind}"><path d="${path}" fill="none" stroke="${style.colour}" stroke-width="${style.width}"${dashOf(style)}/>${markers}</g>`;
}

function marker(type: SymbolType, cx: number, cy: number, colour: string, size = MARKER_SIZE): string {
  return `<path transform="translate(${at(cx)},${at(cy)})" d="${symbolPath(type, size)}" fill="${colour}"/>`;
}

/** A marker's outline is the same wherever it stands: drawn once per shape and size. */
const symbolPaths = new Map<SymbolType, Map<number, string>>();

function symbolPath(type: SymbolType, size: number): string {
  const sizes = symbolPaths.get(type) ?? new Map<number, string>();
  symbolPaths.set(type, sizes);
  if (!sizes.has(size)) sizes.set(size, symbol(type, size).digits(1)()!);
  return sizes.get(size)!;
}

function dashOf(style: Pick<LineStyle, 'dash'>): string {
  return style.dash ? ` stroke-dasharray="${style.dash}"` : '';
}

/** A rule at the projected breach date, a diamond where it crosses the limit line, and the label above the plot. */
function breachMarker(
  input: ExposureChartInput,
  breach: { date: string; label: string },
  { x, y, top, bottom, left, right }: Plot,
): string {
  const bx = x(dayOf(breach.date));
  const limit = input.limit.find((p) => p.date === breach.date)?.limit ?? input.today.limit;
  const anchor = bx > left + (right - left) * 0.6 ? 'end' : bx < left + (right - left) * 0.1 ? 'start' : 'middle';
  return (
    `<g class="breach-marker" data-date="${escapeHtml(breach.date)}">` +
    `<line x1="${at(bx)}" x2="${at(bx)}" y1="${top}" y2="${bottom}" stroke="${TEXT}" stroke-width="1.5" stroke-dasharray="3 3"/>` +
    marker(symbolDiamond, bx, y(limit / MILLION), TEXT, BREACH_MARKER_SIZE) +
    `<text x="${at(bx)}" y="${top - 8}" text-anchor="${anchor}" font-weight="bold">${escapeHtml(breach.label)}</text></g>`
  );
}

interface LegendEntry {
  label: string;
  style: LineStyle;
}

function legendEntries(input: ExposureChartInput): LegendEntry[] {
  return [
    ...input.series.map((s, i) => ({ label: s.label, style: seriesStyle(i) })),
    { label: input.limitLabel ?? 'Limit', style: { ...LIMIT_STYLE, marker: null } },
  ];
}

/** A line sample (dash and marker as drawn) and the name of each line, in rows under the plot. */
function legendOf(entries: LegendEntry[], perRow: number, top: number): string {
  const items = entries.map(({ label, style }, i) => {
    const lx = MARGIN.left + (i % perRow) * LEGEND_COLUMN;
    const ly = top + Math.floor(i / perRow) * LEGEND_ROW + LEGEND_ROW / 2;
    const sample = `<line x1="${lx}" x2="${lx + 28}" y1="${ly}" y2="${ly}" stroke="${style.colour}" stroke-width="${style.width}"${dashOf(style)}/>`;
    const dot = style.marker ? marker(style.marker, lx + 14, ly, style.colour) : '';
    return `<g class="legend-item">${sample}${dot}<text x="${lx + 34}" y="${ly + 4}">${escapeHtml(label)}</text></g>`;
  });
  return `<g class="legend">${items.join('')}</g>`;
}

function seriesStyle(i: number): LineStyle {
  return {
    colour: SERIES_COLOURS[i % SERIES_COLOURS.length],
    dash: SERIES_DASHES[i % SERIES_DASHES.length],
    width: 2,
    marker: SERIES_MARKERS[i % SERIES_MARKERS.length],
  };
}
