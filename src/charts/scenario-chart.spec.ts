import { problemChart, type ScenarioProjection } from './scenario-chart.js';

const months = (exposures: number[]) =>
  ['2026-12-31', '2027-01-31', '2027-02-28'].map((date, i) => ({ date, exposure: exposures[i], limit: 225_000_000 }));

const projection = (scenario: string, exposures: number[], projectedBreachDate: string | null): ScenarioProjection => ({
  scenario,
  exposure: 212_400_000.4,
  limit: 225_000_000,
  projectedBreachDate,
  months: months(exposures),
});

describe('problem chart', () => {
  const svg = problemChart({
    scope: 'Oracle Corp',
    limitName: 'Single family 2.5%',
    currency: 'EUR',
    asOfDate: '2026-11-30',
    projections: [
      projection('base', [212_400_000.4, 212_400_000.4, 250_200_000.4], '2027-02-28'),
      projection('full-pipeline', [212_400_000.4, 266_400_000.4, 266_400_000.4], '2027-01-31'),
      projection('stress', [212_400_000.4, 333_900_000.4, 333_900_000.4], '2027-01-31'),
    ],
  });

  it('overlays one line per scenario against the limit, named for the problem', () => {
    expect(svg).toContain('aria-label="Oracle Corp: exposure against the &#34;Single family 2.5%&#34; limit, in EUR"');
    expect(svg).toContain('<text class="y-unit" x="58" y="14" text-anchor="end">EUR M</text>');
    expect(svg.match(/<g class="exposure-line">/g)).toHaveLength(3);
    expect([...svg.matchAll(/<g class="legend-item">.*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual([
      'base',
      'full-pipeline',
      'stress',
      'Limit: Single family 2.5%',
    ]);
  });

  it('marks the earliest projected breach, naming the scenarios that breach then', () => {
    expect(svg).toMatch(
      /<g class="breach-marker" data-date="2027-01-31">.*Projected breach 2027-01-31 \(full-pipeline, stress\)<\/text><\/g>/,
    );
  });
});
