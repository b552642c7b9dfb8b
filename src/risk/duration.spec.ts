import fc from 'fast-check';
import { DurationTable, dollarDurationCents, modifiedDuration } from './duration.js';

describe('modifiedDuration', () => {
  it('is about 7.79 for a 10-year 5% bond at a 5% yield', () => {
    // A par bond with n = 20 half-years at y = 2.5% a period:
    // Macaulay = (1 + y)/y x (1 - (1 + y)^-n) = 41 x (1 - 0.610271) = 15.9789 half-years = 7.98946 years;
    // modified = 7.98946 / 1.025 = 7.7946. Coupons fall on calendar half-years whose day counts / 365.25
    // are not exactly 0.5, 1.0, ..., so the result differs in the 4th decimal.
    expect(modifiedDuration(5, '2024-01-01', '2034-01-01')).toBeCloseTo(7.795, 3);
  });

  it('is about 3.585 for a 4-year 5% bond', () => {
    // Macaulay = 41 x (1 - 1.025^-8) = 41 x 0.179253 = 7.34937 half-years = 3.674685 years; / 1.025 = 3.585059
    // (calendar coupon dates again move the 5th decimal)
    expect(modifiedDuration(5, '2024-01-01', '2028-01-01')).toBeCloseTo(3.585, 3);
  });

  it('treats a null coupon as a zero coupon: maturity / (1 + y/2)', () => {
    // 2024-01-01..2028-01-01 is 1,461 days = exactly 4 years; 4 / 1.025 = 3.902439
    expect(modifiedDuration(null, '2024-01-01', '2028-01-01')).toBeCloseTo(3.902439, 6);
    expect(modifiedDuration(0, '2024-01-01', '2028-01-01')).toBeCloseTo(3.902439, 6);
  });

  it('takes the yield as a parameter: a zero coupon at 6% is 4 / 1.03', () => {
    expect(modifiedDuration(null, '2024-01-01', '2028-01-01', 6)).toBeCloseTo(3.883495, 6);
  });

  it('is 0 at or after maturity', () => {
    expect(modifiedDuration(5, '2030-06-30', '2030-06-30')).toBe(0);
    expect(modifiedDuration(null, '2030-06-30', '2030-06-30')).toBe(0);
    expect(modifiedDuration(5, '2031-01-01', '2030-06-30')).toBe(0);
  });

  it('pays coupons on calendar dates, the day clamped to short months', () => {
    // Maturity 2027-08-31: coupons on 2027-02-28 and 2027-08-31, 75 and 259 days from 2026-12-15
    // (0.205339 and 0.709103 years); PV at 1.025^(2t): 2.5/1.010192 = 2.474776, 102.5/1.035640 = 98.972652.
    // Macaulay = (0.205339 x 2.474776 + 0.709103 x 98.972652) / 101.447428 = 0.696814; / 1.025 = 0.679819
    expect(modifiedDuration(5, '2026-12-15', '2027-08-31')).toBeCloseTo(0.679819, 5);
  });

  it('runs to the maturity date, not the end of its month', () => {
    // 6% as of 2026-12-15, worked out in test/projection-stress.e2e-spec.ts: 2028-03-15 -> 1.1761119289,
    // 2028-03-31 -> 1.2187722203
    expect(modifiedDuration(6, '2026-12-15', '2028-03-15')).toBeCloseTo(1.1761119289, 9);
    expect(modifiedDuration(6, '2026-12-15', '2028-03-31')).toBeCloseTo(1.2187722203, 9);
  });

  it('refuses a malformed date', () => {
    expect(() => modifiedDuration(5, '2030-02-30', '2040-01-01')).toThrow('must be a date YYYY-MM-DD');
  });

  const maturity = fc
    .record({ year: fc.integer({ min: 2028, max: 2075 }), month: fc.integer({ min: 1, max: 12 }) })
    .map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}-28`);

  it('lies between 0 and the years to maturity, and falls as the coupon rises', () => {
    fc.assert(
      fc.property(maturity, fc.double({ min: 0, max: 12, noNaN: true }), (maturityDate, coupon) => {
        const years = Number(maturityDate.slice(0, 4)) - 2026 + 1;
        const duration = modifiedDuration(coupon, '2026-12-15', maturityDate);
        expect(duration).toBeGreaterThan(0);
        expect(duration).toBeLessThan(years);
        expect(modifiedDuration(coupon + 1, '2026-12-15', maturityDate)).toBeLessThan(duration);
      }),
    );
  });
});

describe('dollarDurationCents', () => {
  const table = () => new DurationTable('2026-12-15');

  it("sums each maturity date's duration x market value and rounds once to whole cent-years", () => {
    // 1.1761119289 x 1,000,000,000 + 1.2187722203 x 500,000,000 = 1,176,111,928.92 + 609,386,110.17 = 1,785,498,039.08
    const byMaturity = new Map([
      ['2028-03-31', 500_000_000],
      ['2028-03-15', 1_000_000_000],
    ]);
    expect(dollarDurationCents(6, byMaturity, table())).toBe(1_785_498_039);
    expect(dollarDurationCents(null, new Map(), table())).toBe(0);
  });

  it('is the same whatever order the dates were met in', () => {
    const dates = fc.uniqueArray(fc.integer({ min: 0, max: 9000 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(dates, fc.integer({ min: 1, max: 1_000_000_000_000 }), (days, cents) => {
        const entries = days.map((d): [string, number] => [new Date(Date.UTC(2027, 0, 1 + d)).toISOString().slice(0, 10), cents + d]);
        const forward = dollarDurationCents(5, new Map(entries), table());
        expect(dollarDurationCents(5, new Map([...entries].reverse()), table())).toBe(forward);
      }),
    );
  });
});
