import fc from 'fast-check';
import { absoluteLimit, family, pctLimit, portfolio } from './fixtures.js';
import { applicableChecks, checkSchedule, inForceOn, limitAmountCents } from './limits.js';

describe('limitAmountCents', () => {
  it('takes an ABSOLUTE amount as it is, without growth', () => {
    expect(limitAmountCents(absoluteLimit(1, { type: 'GROUP', name: 'g', familyIds: [] }, 123_45), portfolio, 12, 50)).toBe(123_45);
  });

  it('takes limitPct of admitted assets: 2.5% of $9B = $225,000,000.00', () => {
    expect(limitAmountCents(pctLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 2.5), portfolio, 0, 0)).toBe(22_500_000_000);
  });

  it('takes limitPct of capital and surplus: 10% of $1B = $100,000,000.00', () => {
    const limit = pctLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 10, { basis: 'PCT_CAPITAL_SURPLUS' });
    expect(limitAmountCents(limit, portfolio, 0, 0)).toBe(10_000_000_000);
  });

  it('grows a PCT limit by (1 + g)^(t/12), rounded to the cent', () => {
    const limit = pctLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 10, { basis: 'PCT_CAPITAL_SURPLUS' });
    // $100M x 1.12^(12/12) = $112,000,000.00; x 1.12^(6/12) = 1.0583005244 -> $105,830,052.44
    expect(limitAmountCents(limit, portfolio, 12, 12)).toBe(11_200_000_000);
    expect(limitAmountCents(limit, portfolio, 6, 12)).toBe(10_583_005_244);
  });

  it('rounds a half cent up: 2.5% of 1,000,020 cents = 25,000.5', () => {
    const limit = pctLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 2.5);
    expect(limitAmountCents(limit, { ...portfolio, admittedAssetsCents: 1_000_020 }, 0, 0)).toBe(25_001);
  });

  it('refuses a limit without the amount its basis needs', () => {
    const limit = absoluteLimit(4, { type: 'EACH_ISSUER_FAMILY' }, 0, { limitAmountCents: null });
    expect(() => limitAmountCents(limit, portfolio, 0, 0)).toThrow('limit 4 (ABSOLUTE) has no limitAmountCents');
  });

  it('never shrinks a PCT limit under non-negative growth', () => {
    const limit = pctLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 3);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 119 }), fc.double({ min: 0, max: 30, noNaN: true }), (t, growth) => {
        expect(limitAmountCents(limit, portfolio, t + 1, growth)).toBeGreaterThanOrEqual(limitAmountCents(limit, portfolio, t, growth));
      }),
    );
  });
});

describe('applicableChecks', () => {
  const families = [
    family(1, [], { name: 'Alpha', sector: 'Technology', naic: 1 }),
    family(2, [], { name: 'Beta', sector: 'technology', naic: 2 }),
    family(3, [], { name: 'Gamma', sector: 'Utilities', naic: 4 }),
    family(4, [], { name: 'Delta', sector: null, naic: null }),
  ];
  const keys = (limits: Parameters<typeof applicableChecks>[0]) =>
    applicableChecks(limits, families, (id) => `top issuer ${id}`).map((c) => [c.limit.id, c.scopeKey, c.scopeLabel, c.familyIds]);

  it('applies EACH_ISSUER_FAMILY to every family when no NAIC range is set, unrated ones included', () => {
    expect(keys([absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 100)])).toEqual([
      [1, 'family:1', 'Alpha', [1]],
      [1, 'family:2', 'Beta', [2]],
      [1, 'family:3', 'Gamma', [3]],
      [1, 'family:4', 'Delta', [4]],
    ]);
  });

  it('applies a NAIC-bounded EACH_ISSUER_FAMILY only to rated families in range', () => {
    expect(keys([absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY', naicMin: 3 }, 100)])).toEqual([[1, 'family:3', 'Gamma', [3]]]);
    expect(keys([absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY', naicMin: null, naicMax: 2 }, 100)])).toEqual([
      [1, 'family:1', 'Alpha', [1]],
      [1, 'family:2', 'Beta', [2]],
    ]);
  });

  it('lets ISSUER_FAMILY replace the EACH default of the same measure only', () => {
    const limits = [
      absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 100),
      absoluteLimit(2, { type: 'ISSUER_FAMILY', familyId: 1 }, 200),
      absoluteLimit(3, { type: 'EACH_ISSUER_FAMILY', naicMax: 1 }, 100, { measure: 'PAR' }),
    ];
    expect(keys(limits)).toEqual([
      [1, 'family:2', 'Beta', [2]],
      [1, 'family:3', 'Gamma', [3]],
      [1, 'family:4', 'Delta', [4]],
      [2, 'family:1', 'Alpha', [1]],
      [3, 'family:1', 'Alpha', [1]],
    ]);
  });

  it('still checks an ISSUER_FAMILY limit for a family with no position, named after its top issuer', () => {
    expect(keys([absoluteLimit(1, { type: 'ISSUER_FAMILY', familyId: 99 }, 100)])).toEqual([[1, 'family:99', 'top issuer 99', [99]]]);
  });

  it('builds SECTOR (case-insensitive), NAIC_RANGE and GROUP aggregates', () => {
    const limits = [
      absoluteLimit(1, { type: 'SECTOR', sector: 'TECHNOLOGY' }, 100),
      absoluteLimit(2, { type: 'NAIC_RANGE', naicMin: 3, naicMax: 6 }, 100),
      absoluteLimit(3, { type: 'GROUP', name: 'AI hyperscalers', familyIds: [3, 1, 3] }, 100),
      absoluteLimit(4, { type: 'SECTOR', sector: 'Energy' }, 100),
    ];
    expect(keys(limits)).toEqual([
      [1, 'sector:TECHNOLOGY', 'TECHNOLOGY', [1, 2]],
      [2, 'naic:3-6', 'NAIC 3-6', [3]],
      [3, 'group:AI hyperscalers', 'AI hyperscalers', [1, 3]],
      [4, 'sector:Energy', 'Energy', []],
    ]);
  });
});

describe('inForceOn', () => {
  const limit = absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 100, {
    effectiveFrom: '2027-01-01',
    effectiveTo: '2027-06-30',
    supersededOn: '2027-04-01',
  });

  it('counts effectiveFrom and effectiveTo in, and the day a newer version takes over out', () => {
    expect(['2026-12-31', '2027-01-01', '2027-03-31', '2027-04-01'].map((date) => inForceOn(limit, date))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(inForceOn({ ...limit, supersededOn: null }, '2027-06-30')).toBe(true);
    expect(inForceOn({ ...limit, supersededOn: null }, '2027-07-01')).toBe(false);
  });
});

describe('checkSchedule', () => {
  const families = [family(1, [], { name: 'Alpha' }), family(2, [], { name: 'Beta' })];
  const dates = ['2026-12-15', '2026-12-31', '2027-01-31', '2027-02-28'];
  const schedule = (limits: Parameters<typeof checkSchedule>[0]) =>
    checkSchedule(limits, families, dates, String).map((s) => [
      s.limitId,
      s.scopeKey,
      s.at.map((check) => check?.limit.limitAmountCents ?? null),
    ]);

  it('gives each date the version in force then, and null where none is', () => {
    const limits = [
      absoluteLimit(1, { type: 'ISSUER_FAMILY', familyId: 1 }, 100, { supersededOn: '2027-01-15' }),
      absoluteLimit(1, { type: 'ISSUER_FAMILY', familyId: 1 }, 50, { effectiveFrom: '2027-01-15', effectiveTo: '2027-01-31' }),
    ];
    expect(schedule(limits)).toEqual([[1, 'family:1', [100, 100, 50, null]]]);
  });

  it('lets a family limit replace the default only on the dates it is in force', () => {
    const limits = [
      absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 10),
      absoluteLimit(2, { type: 'ISSUER_FAMILY', familyId: 2 }, 20, { effectiveFrom: '2027-01-01' }),
    ];
    expect(schedule(limits)).toEqual([
      [1, 'family:1', [10, 10, 10, 10]],
      [1, 'family:2', [10, 10, null, null]],
      [2, 'family:2', [null, null, 20, 20]],
    ]);
  });
});
