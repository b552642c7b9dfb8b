import { readFileSync } from 'node:fs';
import { attrOf, breachMarkerOf, QUARTER_END_TICKS, textsOf, xOnAxis, xTicksOf } from '../../test/support/chart-reading.js';
import { exposureChart, type ExposureChartInput } from './exposure-chart.js';

/** The month ends after 2026-11-30, as the projection has them. */
function monthEnds(count: number, after = '2026-11-30'): string[] {
  const [year, month] = after.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(year, month + i + 1, 0)).toISOString().slice(0, 10));
}

/** Meta against a $1,000M limit: 24 months, three scenarios, the stress one over from May 2027. */
function chartInput(extra: Partial<ExposureChartInput> = {}): ExposureChartInput {
  const months = monthEnds(24);
  return {
    title: 'Meta Platforms Inc: exposure against the "Single family 2.5%" limit',
    currency: 'USD',
    asOfDate: '2026-11-30',
    today: { exposure: 915_540_605.67, limit: 1_000_000_000 },
    limit: months.map((date) => ({ date, limit: 1_000_000_000 })),
    series: ['base', 'full-pipeline', 'stress'].map((label, k) => ({
      label,
      points: months.map((date, i) => ({ date, exposure: 915_540_605.67 + i * (5 + 4 * k) * 1e6 })),
    })),
    breach: { date: '2027-05-31', label: 'Projected breach 2027-05-31 (stress)' },
    ...extra,
  };
}

describe('exposure chart', () => {
  it('marks the quarter ends of a 24-month horizon, where the month-end figures lie, with the year under the first of each year', () => {
    const svg = exposureChart(chartInput());
    const ticks = xTicksOf(svg);
    expect(ticks.map((t) => [t.date, t.labels.join(' ')])).toEqual(QUARTER_END_TICKS);
    for (const tick of ticks) expect(tick.x).toBeCloseTo(xOnAxis(svg, tick.date, '2026-11-30', '2028-11-30'), 0);
  });

  it('marks every month end of a short horizon, from a mid-month as-of date', () => {
    const months = ['2026-11-30', '2026-12-31', '2027-01-31', '2027-02-28'];
    const svg = exposureChart(
      chartInput({
        asOfDate: '2026-11-15',
        limit: months.map((date) => ({ date, limit: 1e9 })),
        series: [{ label: 'base', points: months.map((date) => ({ date, exposure: 9e8 })) }],
        breach: null,
      }),
    );
    expect(xTicksOf(svg).map((t) => t.date)).toEqual(months);
    expect(xTicksOf(svg)[3].x).toBeCloseTo(xOnAxis(svg, '2027-02-28', '2026-11-15', '2027-02-28'), 0);
  });

  it('marks the year ends of a 10-year horizon, each with its year', () => {
    const months = monthEnds(120);
    const svg = exposureChart(
      chartInput({ limit: months.map((date) => ({ date, limit: 1e9 })), series: [{ label: 'base', points: [] }], breach: null }),
    );
    expect(xTicksOf(svg).map((t) => [t.date, t.labels.join(' ')])).toEqual(
      [2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035].map((year) => [`${year}-12-31`, `Dec ${year}`]),
    );
  });

  it('puts the breach marker at the x of its date, with its label', () => {
    const svg = exposureChart(chartInput());
    const marker = breachMarkerOf(svg)!;
    expect(marker).toMatchObject({ date: '2027-05-31', label: 'Projected breach 2027-05-31 (stress)' });
    expect(marker.x).toBeCloseTo(xOnAxis(svg, '2027-05-31', '2026-11-30', '2028-11-30'), 0);
  });

  it('labels the amounts in millions of the currency at nice steps, from zero, the unit above the axis', () => {
    const svg = exposureChart(chartInput());
    const labels = [...svg.matchAll(/<g class="y-tick">.*?<text[^>]*>([^<]*)<\/text><\/g>/g)].map((m) => m[1]);
    expect(labels).toEqual(['0', '200', '400', '600', '800', '1,000', '1,200', '1,400']);
    expect(svg).toContain('<text class="y-unit" x="58" y="14" text-anchor="end">USD M</text>');
    const small = exposureChart(
      chartInput({
        currency: 'EUR',
        today: { exposure: 1_800_000, limit: 2_250_000 },
        limit: [],
        series: [{ label: 'base', points: [] }],
        breach: null,
      }),
    );
    expect([...small.matchAll(/<g class="y-tick">.*?<text[^>]*>([^<]*)<\/text><\/g>/g)].map((m) => m[1])).toEqual([
      '0.0',
      '0.5',
      '1.0',
      '1.5',
      '2.0',
      '2.5',
    ]);
    expect(textsOf(small)).toContain('EUR M');
    expect(small).not.toContain('$');
  });

  it('has a legend naming each scenario and the limit, each with a line sample of its own dash and marker', () => {
    const svg = exposureChart(chartInput({ limitLabel: 'Limit: Single family 2.5%' }));
    const items = [...svg.matchAll(/<g class="legend-item">(.*?)<\/g>/g)].map((m) => m[1]);
    expect(items.map((i) => textsOf(i)[0])).toEqual(['base', 'full-pipeline', 'stress', 'Limit: Single family 2.5%']);
    const samples = items.map((i) => /<line[^>]*>/.exec(i)![0]);
    const dashes = samples.map((s) => attrOf(s, 'stroke-dasharray') ?? 'solid');
    expect(new Set(dashes).size).toBe(4);
    const markers = items.slice(0, 3).map((i) => attrOf(/<path[^>]*>/.exec(i)![0], 'd'));
    expect(new Set(markers).size).toBe(3);
    expect(svg.match(/<g class="exposure-line">/g)).toHaveLength(3);
    expect(svg.match(/<g class="limit-line">/g)).toHaveLength(1);
  });

  it('is an image named by its title, scaling to its container', () => {
    const svg = exposureChart(chartInput({ width: 600, height: 280 }));
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="exposure-chart" viewBox="0 0 600 280" width="100%" role="img" /,
    );
    expect(attrOf(svg, 'aria-label')).toBe('Meta Platforms Inc: exposure against the &#34;Single family 2.5%&#34; limit');
    expect(svg).toContain('<title>Meta Platforms Inc: exposure against the &#34;Single family 2.5%&#34; limit</title>');
  });

  it('escapes every text it is given', () => {
    const hostile = '<img src=x onerror=alert(1)> & "co"';
    const svg = exposureChart(
      chartInput({
        title: `${hostile}: exposure`,
        series: [{ label: hostile, points: [] }],
        breach: { date: '2027-05-31', label: hostile },
        limitLabel: hostile,
      }),
    );
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('"co"');
    const escaped = '&#60;img src=x onerror=alert(1)&#62; &#38; &#34;co&#34;';
    expect(textsOf(svg).filter((t) => t === escaped)).toHaveLength(3); // breach label, series and limit in the legend
    expect(svg).toContain(`aria-label="${escaped}: exposure"`);
  });

  it('imports nothing the browser lacks: the web page bundles it', () => {
    const imports = (file: string) =>
      [...readFileSync(new URL(file, import.meta.url), 'utf8').matchAll(/^import [^;]* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports('./exposure-chart.ts')).toEqual(['d3-scale', 'd3-shape', 'd3-time', 'd3-time-format', './html.js']);
    expect(imports('./html.ts')).toEqual([]);
  });
});
