import fc from 'fast-check';
import { absoluteLimit, bond, family, pctLimit, portfolio, universe } from './fixtures.js';
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
  const LONG = '2040-06-30';
  const families = [
    family(1, [bond(100, LONG, { naic: 1 })], { name: 'Alpha', sector: 'Technology', naic: 1 }),
    family(2, [bond(100, LONG, { naic: 1 }), bond(100, LONG, { naic: 3 })], { name: 'Beta', sector: 'technology', naic: 2 }),
    family(3, [bond(100, LONG, { naic: 4 })], { name: 'Gamma', sector: 'Utilities', naic: 4 }),
    family(4, [bond(100, LONG, { naic: null })], { name: 'Delta', sector: null, naic: null }),
  ];
  const keys = (limits: Parameters<typeof applicableChecks>[0]) =>
    applicableChecks(
      limits,
      universe(families, (id) => `top issuer ${id}`),
    ).map((c) => [c.limit.id, c.scopeKey, c.scopeLabel, c.familyIds]);

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

  it('takes into a NAIC_RANGE every family holding a bond of its own designation in range, whatever the family average', () => {
    const [check] = applicableChecks([absoluteLimit(1, { type: 'NAIC_RANGE', naicMin: 3, naicMax: 6 }, 100)], universe(families, String));
    expect(check).toMatchObject({ familyIds: [2, 3], designations: { naicMin: 3, naicMax: 6 } });
  });

  it('builds one PORTFOLIO check of every family, narrowed to the families holding the filtered designations', () => {
    expect(keys([absoluteLimit(1, { type: 'PORTFOLIO' }, 100)])).toEqual([[1, 'portfolio', 'Portfolio', [1, 2, 3, 4]]]);
    expect(keys([absoluteLimit(1, { type: 'PORTFOLIO' }, 100, { holdingsFilter: { naicMin: 4, naicMax: 6 } })])).toEqual([
      [1, 'portfolio', 'Portfolio', [3]],
    ]);
  });

  it('checks EACH_ISSUER_FAMILY with a holdingsFilter on the families holding a filtered designation only', () => {
    const limit = absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 100, { holdingsFilter: { naicMin: 3, naicMax: 6 } });
    const checks = applicableChecks([limit], universe(families, String));
    expect(checks.map((c) => [c.scopeKey, c.designations])).toEqual([
      ['family:2', { naicMin: 3, naicMax: 6 }],
      ['family:3', { naicMin: 3, naicMax: 6 }],
    ]);
  });

  it('lets an ISSUER_FAMILY limit replace only the defaults with its holdings filter', () => {
    const medium = { holdingsFilter: { naicMin: 3, naicMax: 6 } };
    const limits = [
      absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 100),
      absoluteLimit(2, { type: 'EACH_ISSUER_FAMILY' }, 10, medium),
      absoluteLimit(3, { type: 'ISSUER_FAMILY', familyId: 2 }, 200),
    ];
    const checksOfBeta = (all: typeof limits) =>
      applicableChecks(all, universe(families, String))
        .filter((c) => c.scopeKey === 'family:2')
        .map((c) => c.limit.id);
    expect(checksOfBeta(limits)).toEqual([2, 3]);
    expect(checksOfBeta([...limits, absoluteLimit(4, { type: 'ISSUER_FAMILY', familyId: 2 }, 20, medium)])).toEqual([3, 4]);
  });

  it('counts the overlap of a NAIC_RANGE and its holdingsFilter', () => {
    const limit = absoluteLimit(1, { type: 'NAIC_RANGE', naicMin: 3, naicMax: 6 }, 100, { holdingsFilter: { naicMin: 1, naicMax: 3 } });
    expect(applicableChecks([limit], universe(families, String))[0]).toMatchObject({
      familyIds: [2],
      designations: { naicMin: 3, naicMax: 3 },
    });
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
      [2, 'naic:3-6', 'NAIC 3-6', [2, 3]],
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
    checkSchedule(limits, universe(families, String), dates).map((s) => [
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
