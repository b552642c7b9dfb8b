import { absoluteLimit, baseScenario, bond, cds, checkOf, deal, exposures, family, portfolio, projectionInput } from './fixtures.js';
import type { Scenario } from './model.js';
import { project } from './projection.js';

// As of 2026-12-15 (a USD book), month t = 1 is 2026-12-31, t = 2 2027-01-31, t = 3 2027-02-28, ...
const LONG = '2040-06-30';
const eurDown: Scenario = { ...baseScenario, name: 'eur-down', fxShocks: { EUR: -10 } };
const limit = absoluteLimit(1, { type: 'ISSUER_FAMILY', familyId: 1 }, 1_000_000_000_00);

describe('project: FX shocks', () => {
  it('moves every amount of the shocked currency from t = 1, never today, each month rounded to the cent once', () => {
    // 1,086,600.05 EUR-bond dollars and 500,000.00 USD-bond dollars; minus 10%: 977,940.045 -> 977,940.05
    const input = projectionInput({
      families: [family(1, [bond(1_086_600_05, LONG, { currency: 'EUR' }), bond(500_000_00, LONG, { currency: 'USD' })])],
      limits: [limit],
    });
    const [check] = project({ ...input, scenario: eurDown });
    expect(check.current.exposureCents).toBe(1_586_600_05);
    expect(exposures(check).slice(0, 3)).toEqual([1_477_940_05, 1_477_940_05, 1_477_940_05]);
    const [unshocked] = project(input);
    expect(exposures(unshocked).slice(0, 3)).toEqual([1_586_600_05, 1_586_600_05, 1_586_600_05]);
  });

  it('shocks the net of a currency: its bonds less its CDS protection, then rounds once', () => {
    // EUR: 200.05 of bonds in two buckets less 100.00 of protection = 100.05; +12.5%: 112.55625 -> 112.56
    const [check] = project({
      ...projectionInput({
        families: [
          family(1, [
            bond(150_03, LONG, { currency: 'EUR' }),
            bond(50_02, '2039-01-31', { currency: 'EUR' }),
            { ...cds(100_00), currency: 'EUR' },
          ]),
        ],
        limits: [limit],
      }),
      scenario: { ...eurDown, fxShocks: { EUR: 12.5 } },
    });
    expect(check.current.exposureCents).toBe(100_05);
    expect(exposures(check)[0]).toBe(112_56);
  });

  it('shocks a deal in that currency: its allocation rounded, then shocked, from its start month', () => {
    // 0.3% of 1,086,600,000.00 (a EUR deal converted) = 3,259,800.00; minus 10% = 2,933,820.00 from 2027-02-28 (t = 3)
    const [check] = project({
      ...projectionInput({
        portfolio: { ...portfolio, participationRate: 0.003 },
        families: [family(1, [bond(100_00, LONG)])],
        deals: [{ ...deal(1, 1, '2027-02-10', 1_086_600_000_00), currency: 'EUR' }],
        limits: [limit],
      }),
      scenario: eurDown,
    });
    expect(exposures(check).slice(0, 4)).toEqual([100_00, 100_00, 2_933_920_00, 2_933_920_00]);
  });

  it('leaves the base currency as it is: a shock on it moves nothing', () => {
    const input = projectionInput({
      portfolio: { ...portfolio, baseCurrency: 'EUR' },
      families: [family(1, [bond(1_000_00, LONG, { currency: 'EUR' }), bond(2_000_00, LONG, { currency: 'USD' })])],
      limits: [limit],
    });
    const [check] = project({ ...input, scenario: { ...eurDown, fxShocks: { EUR: -10, USD: 20 } } });
    // 1,000.00 EUR as it is; 2,000.00 (USD bonds, in euros) + 20% = 2,400.00
    expect(exposures(check)[0]).toBe(3_400_00);
  });

  it('applies the spread shock first, in the currency, then the FX shock to what is left', () => {
    // 10,000.00 EUR-bond dollars with a dollar duration of 50,000.00 cent-years; +100 bp: 10,000.00 - 500.00 = 9,500.00; -10%: 8,550.00
    const [check] = project({
      ...projectionInput({ families: [family(1, [bond(10_000_00, LONG, { currency: 'EUR' })])], limits: [limit] }),
      scenario: { ...eurDown, spreadShockBp: 100 },
    });
    expect(exposures(checkOf([check], 1, 'family:1'))[0]).toBe(8_550_00);
  });
});
