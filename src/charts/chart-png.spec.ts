import { chartPng, CHART_PNG_WIDTH, PNG_SIGNATURE } from './chart-png.js';
import { problemChart } from './scenario-chart.js';

const months = ['2026-12-31', '2027-01-31', '2027-02-28'].map((date, i) => ({
  date,
  exposure: 212_400_000.4 + i * 2e7,
  limit: 225_000_000,
}));

describe('chart PNG', () => {
  it('renders a problem chart as a PNG twice as wide as it shows, at its aspect ratio', async () => {
    const svg = problemChart({
      scope: 'Oracle Corp',
      limitName: 'Single family 2.5%',
      currency: 'USD',
      asOfDate: '2026-11-30',
      projections: [{ scenario: 'base', exposure: 212_400_000.4, limit: 225_000_000, projectedBreachDate: '2027-01-31', months }],
    });
    const png = await chartPng(svg);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // IHDR: width and height, big-endian, after the signature, the chunk length and its type
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([CHART_PNG_WIDTH, 600]);
    expect(png.length).toBeGreaterThan(10_000);
    expect(png.length).toBeLessThan(200_000);
  });

  it('fails on what is not an SVG', async () => {
    await expect(chartPng('not an svg')).rejects.toThrow();
  });
});
