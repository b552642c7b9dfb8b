import fc from 'fast-check';
import { absoluteLimit, aiExample, baseScenario, bond, cds, deal, family, pctLimit, portfolio, projectionInput } from './fixtures.js';
import type { Deal, FamilyPosition, HoldingBucket, LimitCheck, Limit, ProjectionInput } from './model.js';
import { project, ZERO_LIMIT_UTILIZATION_PCT } from './projection.js';

// As of 2026-12-15, month t = 1 is 2026-12-31, t = 2 2027-01-31, t = 3 2027-02-28, ..., t = 6 2027-05-31.
const LONG = '2040-06-30';

function checkOf(checks: LimitCheck[], limitId: number, scopeKey: string): LimitCheck {
  const check = checks.find((c) => c.limitId === limitId && c.scopeKey === scopeKey);
  if (!check) throw new Error(`no check ${limitId} ${scopeKey} in ${checks.map((c) => `${c.limitId} ${c.scopeKey}`).join(', ')}`);
  return check;
}

const exposures = (check: LimitCheck) => check.months.map((m) => m.exposureCents);

describe('project: the README example', () => {
  const [check] = project(aiExample);

  it('shows today: $212,400,000.40 against $225,000,000.00, headroom $12,599,999.60', () => {
    expect(check).toMatchObject({
      limitId: 1,
      scopeKey: 'family:1',
      scopeLabel: 'Meta Platforms',
      familyIds: [1],
      measure: 'MARKET_VALUE',
    });
    // 21,240,000,040 / 22,500,000,000 = 94.40000018% -> 94.4, a warning at 90
    expect(check.current).toEqual({
      date: '2026-12-15',
      exposureCents: 21_240_000_040,
      limitCents: 22_500_000_000,
      headroomCents: 1_259_999_960,
      utilizationPct: 94.4,
      status: 'WARNING',
    });
  });

  it('breaches on 2027-05-31, when the deal counts, with probability 0.7 (exact)', () => {
    // expected allocation = $18B x 0.7 x 0.003 = $37,800,000 -> 21,240,000,040 + 3,780,000,000 = 25,020,000,040
    expect(check.months.map((m) => m.date).slice(0, 6)).toEqual([
      '2026-12-31',
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
      '2027-05-31',
    ]);
    expect(exposures(check).slice(0, 6)).toEqual([...Array(5).fill(21_240_000_040), 25_020_000_040]);
    expect(check.months).toHaveLength(24);
    expect(check.months[23]).toMatchObject({
      date: '2028-11-30',
      exposureCents: 25_020_000_040,
      headroomCents: -2_520_000_040,
      utilizationPct: 111.2,
    });
    expect(check.projectedBreachDate).toBe('2027-05-31');
    expect(check.projectedStatus).toBe('BREACH');
    // The deal happens (p = 0.7): +$54,000,000 -> over; it does not: $212,400,000.40 stays under.
    expect(check.breachProbability).toEqual({ value: 0.7, method: 'EXACT', paths: null });
  });

  it('makes every deal certain under a probability override (stress: 1.5 x 1.5 x 1)', () => {
    const stress = {
      ...baseScenario,
      name: 'stress',
      issuanceMultiplier: 1.5,
      participationMultiplier: 1.5,
      probabilityOverride: 1,
      spreadShockBp: 30,
    };
    const [stressed] = project({ ...aiExample, scenario: stress });
    // $18B x 1.5 x 1 x 0.003 x 1.5 = $121,500,000 on top of the shocked bond
    expect(stressed.months[5].exposureCents - stressed.months[4].exposureCents).toBe(12_150_000_000);
    expect(stressed.breachProbability).toEqual({ value: 1, method: 'EXACT', paths: null });
    const [none] = project({ ...aiExample, scenario: { ...baseScenario, probabilityOverride: 0 } });
    expect(none).toMatchObject({ projectedBreachDate: null, projectedStatus: 'WARNING', breachProbability: null });
  });
});

describe('project: aggregates', () => {
  const families = [
    family(1, [bond(600_00, LONG)], { name: 'Alpha', sector: 'Technology', naic: 1 }),
    family(2, [bond(300_00, LONG)], { name: 'Beta', sector: 'technology', naic: 2 }),
    family(3, [bond(200_00, LONG, { naic: 4 })], { name: 'Gamma', sector: 'Utilities', naic: 4 }),
    family(4, [bond(100_00, LONG, { naic: null })], { name: 'Delta', sector: null, naic: null }),
  ];
  const deals = [deal(1, 1, '2027-02-10', 150_00, 0.4), deal(2, 2, '2027-04-20', 500_00, 0.5)];
  const checks = project(
    projectionInput({
      families,
      deals,
      limits: [
        absoluteLimit(1, { type: 'GROUP', name: 'AI hyperscalers', familyIds: [1, 2] }, 1000_00),
        absoluteLimit(2, { type: 'NAIC_RANGE', naicMin: 3, naicMax: 6 }, 150_00),
        absoluteLimit(3, { type: 'SECTOR', sector: 'TECHNOLOGY' }, 2000_00),
      ],
    }),
  );

  it('sums a GROUP of two families with their deals, and enumerates the deals for the probability', () => {
    const group = checkOf(checks, 1, 'group:AI hyperscalers');
    // 600 + 300 = 900 (90%: warning); deal 1 (t = 3) adds 150 x 0.4 = 60; deal 2 (t = 5) adds 500 x 0.5 = 250
    expect(group.current).toMatchObject({ exposureCents: 900_00, utilizationPct: 90, status: 'WARNING' });
    expect(exposures(group).slice(0, 6)).toEqual([900_00, 900_00, 960_00, 960_00, 1210_00, 1210_00]);
    expect(group.projectedBreachDate).toBe('2027-04-30');
    // Over when either deal happens (900 + 150 = 1,050; 900 + 500 = 1,400): 1 - 0.6 x 0.5 = 0.7
    expect(group.breachProbability).toEqual({ value: 0.7, method: 'EXACT', paths: null });
  });

  it('takes a NAIC_RANGE over rated families only, already breached with certainty', () => {
    const naic = checkOf(checks, 2, 'naic:3-6');
    expect(naic).toMatchObject({ scopeLabel: 'NAIC 3-6', familyIds: [3], projectedBreachDate: '2026-12-31' });
    // 200 / 150 = 133.33%
    expect(naic.current).toMatchObject({ exposureCents: 200_00, headroomCents: -50_00, utilizationPct: 133.33, status: 'BREACH' });
    expect(naic.breachProbability).toEqual({ value: 1, method: 'EXACT', paths: null });
  });

  it('matches a SECTOR whatever its case and leaves the probability out without a projected breach', () => {
    const sector = checkOf(checks, 3, 'sector:TECHNOLOGY');
    expect(sector.familyIds).toEqual([1, 2]);
    // 1,210 / 2,000 = 60.5%
    expect(sector.months[23]).toMatchObject({ exposureCents: 1210_00, utilizationPct: 60.5 });
    expect(sector).toMatchObject({ projectedStatus: 'OK', projectedBreachDate: null, breachProbability: null });
  });
});

describe('project: which limit applies to a family', () => {
  it('lets an ISSUER_FAMILY limit replace the EACH_ISSUER_FAMILY default', () => {
    const checks = project(
      projectionInput({
        families: [family(1, [bond(600_00, LONG)]), family(2, [bond(300_00, LONG)])],
        limits: [
          absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 500_00),
          absoluteLimit(2, { type: 'ISSUER_FAMILY', familyId: 1 }, 700_00),
        ],
      }),
    );
    // Family 1 would breach the default (600 > 500) but is held to its own 700: 85.71%
    expect(checks.map((c) => [c.limitId, c.scopeKey, c.current.utilizationPct, c.current.status])).toEqual([
      [1, 'family:2', 60, 'OK'],
      [2, 'family:1', 85.71, 'OK'],
    ]);
  });

  it('checks a family known only from the pipeline against the defaults, named after its top issuer', () => {
    const [check] = project(
      projectionInput({
        deals: [deal(1, 9, '2027-01-05', 100_00)],
        limits: [absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 50_00)],
        familyNames: new Map([[9, 'CoreWeave Inc']]),
      }),
    );
    expect(check).toMatchObject({ scopeKey: 'family:9', scopeLabel: 'CoreWeave Inc', projectedBreachDate: '2027-01-31' });
    expect(check.current.exposureCents).toBe(0);
  });

  it('orders the checks by limit id, then scope key in code-unit order', () => {
    const checks = project(
      projectionInput({
        families: [family(2, []), family(10, [])],
        limits: [absoluteLimit(2, { type: 'EACH_ISSUER_FAMILY' }, 1), absoluteLimit(1, { type: 'GROUP', name: 'g', familyIds: [2] }, 1)],
      }),
    );
    expect(checks.map((c) => `${c.limitId} ${c.scopeKey}`)).toEqual(['1 group:g', '2 family:10', '2 family:2']);
  });
});

describe('project: holdings over time', () => {
  it('nets CDS protection per family, never below zero, before summing an aggregate', () => {
    const checks = project(
      projectionInput({
        families: [family(1, [bond(100_00, LONG), cds(150_00, '2027-03-31')]), family(2, [bond(80_00, LONG)])],
        deals: [deal(1, 1, '2027-01-10', 30_00)],
        limits: [
          absoluteLimit(1, { type: 'GROUP', name: 'g', familyIds: [1, 2] }, 1000_00),
          absoluteLimit(2, { type: 'ISSUER_FAMILY', familyId: 1 }, 1000_00),
        ],
      }),
    );
    // Family 1: 100 - 150 = -50 -> 0; with the deal from t = 2: 130 - 150 -> 0; the CDS ends 2027-03-31
    // (t = 4): 130. Netted across families the group would show 100 + 80 - 150 = 30, not 80.
    expect(checkOf(checks, 2, 'family:1').current.exposureCents).toBe(0);
    expect(exposures(checkOf(checks, 2, 'family:1')).slice(0, 5)).toEqual([0, 0, 0, 130_00, 130_00]);
    expect(checkOf(checks, 1, 'group:g').current.exposureCents).toBe(80_00);
    expect(exposures(checkOf(checks, 1, 'group:g')).slice(0, 5)).toEqual([80_00, 80_00, 80_00, 210_00, 210_00]);
  });

  const transient = projectionInput({
    families: [family(1, [bond(600_00, '2027-06-30'), bond(300_00, LONG)])],
    deals: [deal(1, 1, '2027-02-10', 200_00)],
    limits: [absoluteLimit(1, { type: 'ISSUER_FAMILY', familyId: 1 }, 1000_00)],
  });

  it('ends a breach when a bond matures inside the horizon', () => {
    const [check] = project(transient);
    // 900 until the deal (t = 3): 1,100 > 1,000; the 600 matures in June 2027 (t = 7): 300 + 200 = 500
    expect(exposures(check).slice(0, 8)).toEqual([900_00, 900_00, 1100_00, 1100_00, 1100_00, 1100_00, 500_00, 500_00]);
    expect(check.months.slice(0, 7).map((m) => m.headroomCents)).toEqual([100_00, 100_00, -100_00, -100_00, -100_00, -100_00, 500_00]);
    expect(check).toMatchObject({ projectedStatus: 'BREACH', projectedBreachDate: '2027-02-28' });
    expect(check.breachProbability).toEqual({ value: 1, method: 'EXACT', paths: null });
  });

  it('keeps maturing bonds in when they roll over', () => {
    const [check] = project({ ...transient, scenario: { ...baseScenario, rolloverMaturities: true } });
    expect(exposures(check).slice(2)).toEqual(Array(22).fill(1100_00));
  });

  it('grows a PCT limit with the assets', () => {
    const limit = pctLimit(1, { type: 'ISSUER_FAMILY', familyId: 1 }, 10, { basis: 'PCT_CAPITAL_SURPLUS' });
    const [check] = project(
      projectionInput({
        families: [family(1, [bond(10_300_000_000, LONG)])],
        limits: [limit],
        scenario: { ...baseScenario, assetGrowthPctPerYear: 12 },
      }),
    );
    // $100M x 1.12^(t/12): t = 0 $100,000,000.00 (over), t = 3 $102,873,734.47 (over), t = 4 $103,849,882.04
    // (99.18%), t = 12 $112,000,000.00 (91.96%), t = 24 $125,440,000.00 (82.11%)
    expect(check.current).toMatchObject({ limitCents: 10_000_000_000, status: 'BREACH' });
    expect(check.months.map((m) => m.limitCents).slice(0, 4)).toEqual([10_094_887_929, 10_190_676_231, 10_287_373_447, 10_384_988_204]);
    expect([check.months[3].utilizationPct, check.months[11].utilizationPct, check.months[23].utilizationPct]).toEqual([
      99.18, 91.96, 82.11,
    ]);
    expect(check.months[11].limitCents).toBe(11_200_000_000);
    expect(check.months[23].limitCents).toBe(12_544_000_000);
    expect(check).toMatchObject({ projectedBreachDate: '2026-12-31', projectedStatus: 'BREACH' });
    expect(check.months.filter((m) => m.exposureCents > m.limitCents).map((m) => m.date)).toEqual([
      '2026-12-31',
      '2027-01-31',
      '2027-02-28',
    ]);
  });

  it('lowers market value, and only market value, by a spread shock from t = 1', () => {
    // Zero coupon 2024-01-31..2028-01-31: 1,461 days = 4 years, D = 4 / 1.025 = 3.902439; dollar duration
    // 3.902439 x 100,000,000 = 390,243,902 cent-years; 100bp: 390,243,902 x 0.01 = 3,902,439.02 -> 3,902,439
    // cents off. The CDS is not shocked.
    const checks = project(
      projectionInput({
        portfolio: { ...portfolio, asOfDate: '2024-01-31' },
        families: [family(1, [bond(100_000_000, '2028-01-31', { dollarDurationCents: 390_243_902 }), cds(10_000_000)])],
        limits: [
          absoluteLimit(1, { type: 'ISSUER_FAMILY', familyId: 1 }, 200_000_000),
          absoluteLimit(2, { type: 'ISSUER_FAMILY', familyId: 1 }, 200_000_000, { measure: 'BOOK_VALUE' }),
        ],
        scenario: { ...baseScenario, spreadShockBp: 100 },
      }),
    );
    const [market, book] = checks;
    expect(market.current.exposureCents).toBe(90_000_000);
    expect(new Set(exposures(market))).toEqual(new Set([86_097_561]));
    expect(book.current.exposureCents).toBe(90_000_000);
    expect(new Set(exposures(book))).toEqual(new Set([90_000_000]));
  });

  it('rounds the shock once per family and month, over the bonds still held', () => {
    // Three buckets of 0.4 cent of shock each at 1bp (4,000 cent-years): rounded apart 0 + 0 + 0, together
    // 1.2 -> 1 cent. Once the one maturing in February 2027 is gone (t = 3, 2027-02-28): 0.8 -> 1 cent.
    const buckets = [
      bond(100_00, '2027-02-28', { dollarDurationCents: 4_000 }),
      bond(100_00, LONG, { dollarDurationCents: 4_000 }),
      bond(100_00, '2040-07-31', { dollarDurationCents: 4_000 }),
    ];
    const [check] = project(
      projectionInput({
        families: [family(1, buckets)],
        limits: [absoluteLimit(1, { type: 'ISSUER_FAMILY', familyId: 1 }, 1_000_00)],
        scenario: { ...baseScenario, spreadShockBp: 1 },
      }),
    );
    expect(exposures(check).slice(0, 4)).toEqual([300_00 - 1, 300_00 - 1, 200_00 - 1, 200_00 - 1]);
  });
});

describe('project: limits over time', () => {
  // As of and evaluated on 2026-12-15: t = 1 2026-12-31, ..., t = 7 2027-06-30, t = 8 2027-07-31.
  const familyLimit = (id: number, cents: number, extra: Partial<Limit> = {}) =>
    absoluteLimit(id, { type: 'ISSUER_FAMILY', familyId: 1 }, cents, extra);
  const held = [family(1, [bond(600_00, LONG)], { name: 'Meta Platforms Inc' })];
  const dates = (check: LimitCheck) => check.months.map((m) => m.date);

  it('enters a limit at its effectiveFrom: no breach before, a projected breach from its first month end', () => {
    const [check] = project(projectionInput({ families: held, limits: [familyLimit(1, 500_00, { effectiveFrom: '2027-07-01' })] }));
    expect(check.inForceFrom).toBe('2027-07-31');
    // Today it is shown against the limit it will have, but it is not in force: OK.
    expect(check.current).toMatchObject({ exposureCents: 600_00, limitCents: 500_00, status: 'OK' });
    expect(dates(check)[0]).toBe('2027-07-31');
    expect(check.months).toHaveLength(24 - 7);
    expect(check).toMatchObject({
      projectedStatus: 'BREACH',
      projectedBreachDate: '2027-07-31',
      breachProbability: { value: 1, method: 'EXACT', paths: null },
    });
  });

  it('leaves after its effectiveTo, and is not checked at all once it has ended', () => {
    const [check] = project(projectionInput({ families: held, limits: [familyLimit(1, 500_00, { effectiveTo: '2027-01-31' })] }));
    expect(check).toMatchObject({ inForceFrom: null, current: { status: 'BREACH' }, projectedBreachDate: '2026-12-31' });
    expect(dates(check)).toEqual(['2026-12-31', '2027-01-31']);
    expect(project(projectionInput({ families: held, limits: [familyLimit(1, 500_00, { effectiveTo: '2026-12-14' })] }))).toEqual([]);
  });

  it('takes the limits in force at t = 0 on the evaluation date, not the as-of date', () => {
    const input = projectionInput({
      families: held,
      limits: [familyLimit(1, 500_00, { effectiveFrom: '2026-12-20' })],
      evaluationDate: '2026-12-20',
    });
    expect(project(input)[0]).toMatchObject({ inForceFrom: null, current: { date: '2026-12-15', status: 'BREACH' } });
  });

  it('applies each version in the months it governs: a cut decided for July breaches from July', () => {
    const limits = [
      familyLimit(1, 1000_00, { supersededOn: '2027-07-01', warnAtPct: 50 }),
      familyLimit(1, 500_00, { effectiveFrom: '2027-07-01', name: 'cut' }),
    ];
    const [check] = project(projectionInput({ families: held, limits }));
    // 600 / 1,000 = 60%: a warning at 50 under version 1; 600 > 500 from July under version 2.
    expect(check).toMatchObject({
      limitName: 'limit 1',
      inForceFrom: null,
      current: { limitCents: 1000_00, utilizationPct: 60, status: 'WARNING' },
    });
    expect(check.months.map((m) => m.limitCents)).toEqual([...Array(7).fill(1000_00), ...Array(17).fill(500_00)]);
    expect(check).toMatchObject({ projectedStatus: 'BREACH', projectedBreachDate: '2027-07-31' });
  });

  it('lets a family limit replace the default only while it is in force', () => {
    const limits = [absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 500_00), familyLimit(2, 2000_00, { effectiveFrom: '2027-07-01' })];
    const [each, own] = project(projectionInput({ families: held, limits }));
    expect(each).toMatchObject({ limitId: 1, scopeKey: 'family:1', current: { status: 'BREACH' }, projectedBreachDate: '2026-12-31' });
    expect(dates(each).at(-1)).toBe('2027-06-30');
    expect(own).toMatchObject({ limitId: 2, scopeKey: 'family:1', inForceFrom: '2027-07-31', projectedStatus: 'OK' });
  });

  it('counts in a GROUP the families of the version in force, month by month, for the exposure and the probability', () => {
    // Version 1: family 1 alone (600) within 700 until July; version 2 adds family 2 (300, and a deal at
    // p = 0.5 from March) under 1,000 from July. Family 2 counted before July would breach 700 for certain.
    const families = [...held, family(2, [bond(300_00, LONG)])];
    const group = (familyIds: number[]) => ({ type: 'GROUP' as const, name: 'AI', familyIds });
    const limits = [
      absoluteLimit(1, group([1]), 700_00, { supersededOn: '2027-07-01' }),
      absoluteLimit(1, group([1, 2]), 1000_00, { effectiveFrom: '2027-07-01' }),
    ];
    const [check] = project(projectionInput({ families, limits, deals: [deal(1, 2, '2027-03-01', 200_00, 0.5)] }));
    expect(check.familyIds).toEqual([1]);
    expect(exposures(check)).toEqual([...Array(7).fill(600_00), ...Array(17).fill(1000_00)]);
    expect(check.projectedBreachDate).toBeNull();
    const [stressed] = project(projectionInput({ families, limits, deals: [deal(1, 2, '2027-03-01', 400_00, 0.5)] }));
    // 600 + 300 + 200 expected = 1,100 from July; with the deal 1,300, without it 900: over with p = 0.5.
    expect(stressed).toMatchObject({ projectedBreachDate: '2027-07-31', breachProbability: { value: 0.5, method: 'EXACT', paths: null } });
  });
});

describe('project: deals and limits at the edges', () => {
  const limits = [absoluteLimit(1, { type: 'ISSUER_FAMILY', familyId: 1 }, 1_000_000_00)];

  it('counts a deal from the month end on or after its date, never at t = 0, and not past the horizon', () => {
    const deals = [deal(1, 1, '2026-11-01', 1), deal(2, 1, '2027-01-31', 10), deal(3, 1, '2028-12-01', 100)];
    const [check] = project(projectionInput({ families: [family(1, [])], deals, limits }));
    expect(check.current.exposureCents).toBe(0);
    expect(exposures(check).slice(0, 3)).toEqual([1, 11, 11]);
    expect(check.months[23].exposureCents).toBe(11);
  });

  it('shows a zero limit as fully used only when there is exposure', () => {
    const zero = [absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 0)];
    const checks = project(projectionInput({ families: [family(1, [bond(1, LONG)]), family(2, [])], limits: zero }));
    expect(checks.map((c) => [c.current.utilizationPct, c.current.status])).toEqual([
      [ZERO_LIMIT_UTILIZATION_PCT, 'BREACH'],
      [0, 'OK'],
    ]);
  });

  it('estimates by seeded Monte Carlo above 20 uncertain deals, reproducibly', () => {
    // 21 deals of 1.00 at p = 0.5 on 1,000.00 of holdings, limit 1,010.00: over with 11 or more deals,
    // P(Bin(21, 0.5) >= 11) = 0.5 exactly; 10,000 paths have a standard error of 0.5 percentage point.
    const deals = Array.from({ length: 21 }, (_, i) => deal(i + 1, 1, '2027-03-01', 1_00, 0.5));
    const input = projectionInput({
      families: [family(1, [bond(1000_00, LONG)])],
      deals,
      limits: [absoluteLimit(1, { type: 'ISSUER_FAMILY', familyId: 1 }, 1010_00)],
    });
    const [check] = project(input);
    expect(check.breachProbability).toMatchObject({ method: 'MONTE_CARLO', paths: 10_000 });
    expect(check.breachProbability?.value).toBeCloseTo(0.5, 1);
    expect(Math.abs((check.breachProbability?.value ?? 0) - 0.5)).toBeLessThanOrEqual(0.02);
    expect(project(input)[0].breachProbability).toEqual(check.breachProbability);
    expect(project({ ...input, deals: [...deals].reverse() })[0].breachProbability).toEqual(check.breachProbability);
  });

  it('enumerates 20 uncertain deals exactly', () => {
    // Limit 1,009.50: over with 10 or more of 20 deals: 1/2 + C(20,10) / 2^21 = 0.5 + 184,756 / 2,097,152 = 0.588099
    const deals = Array.from({ length: 20 }, (_, i) => deal(i + 1, 1, '2027-03-01', 1_00, 0.5));
    const input = projectionInput({
      families: [family(1, [bond(1000_00, LONG)])],
      deals,
      limits: [absoluteLimit(1, { type: 'ISSUER_FAMILY', familyId: 1 }, 1009_50)],
    });
    expect(project(input)[0].breachProbability).toEqual({ value: 0.588099, method: 'EXACT', paths: null });
  });
});

describe('project: properties', () => {
  const monthEnds = ['2027-01-31', '2027-06-30', '2027-12-31', '2030-06-30', '2045-12-31'];
  const dealDates = ['2026-10-01', '2027-01-15', '2027-05-31', '2027-11-02', '2028-06-01'];
  const cents = fc.integer({ min: 0, max: 1_000_000_000_000 });
  const bucketArb: fc.Arbitrary<HoldingBucket> = fc.oneof(
    fc.record({
      assetType: fc.constant('BOND' as const),
      naic: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
      maturityMonthEnd: fc.constantFrom(...monthEnds),
      parCents: cents,
      marketCents: cents,
      bookCents: cents,
      dollarDurationCents: fc.integer({ min: 0, max: 20_000_000_000_000 }),
    }),
    fc.record({
      assetType: fc.constant('CDS_PROTECTION' as const),
      naic: fc.constant(null),
      maturityMonthEnd: fc.option(fc.constantFrom(...monthEnds), { nil: null }),
      parCents: cents,
      marketCents: fc.constant(0),
      bookCents: fc.constant(0),
      dollarDurationCents: fc.constant(0),
    }),
  );
  const familyArb = (familyId: number): fc.Arbitrary<FamilyPosition> =>
    fc.record({
      familyId: fc.constant(familyId),
      name: fc.constant(`F${familyId}`),
      sector: fc.constantFrom('Tech', 'tech', 'Utilities', null),
      naic: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
      buckets: fc.array(bucketArb, { maxLength: 5 }),
    });
  const dealArb = (id: number): fc.Arbitrary<Deal> =>
    fc.record({
      id: fc.constant(id),
      familyId: fc.integer({ min: 1, max: 4 }),
      expectedDate: fc.constantFrom(...dealDates),
      amountCents: fc.integer({ min: 0, max: 10_000_000_000_000 }),
      probability: fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    });
  const limitsArb: fc.Arbitrary<Limit[]> = fc
    .tuple(cents, cents, fc.integer({ min: 1, max: 10 }))
    .map(([each, group, pct]) => [
      absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, each),
      absoluteLimit(2, { type: 'GROUP', name: 'all', familyIds: [1, 2, 3, 4] }, group, { measure: 'PAR' }),
      pctLimit(3, { type: 'SECTOR', sector: 'TECH' }, pct),
      pctLimit(4, { type: 'NAIC_RANGE', naicMin: 3, naicMax: 6 }, pct, { measure: 'BOOK_VALUE', warnAtPct: 50 }),
    ]);
  const inputArb: fc.Arbitrary<ProjectionInput> = fc
    .record({
      families: fc.tuple(familyArb(1), familyArb(2), familyArb(3), familyArb(4)),
      dealCount: fc.integer({ min: 0, max: 6 }),
      limits: limitsArb,
      participationRate: fc.double({ min: 0, max: 0.05, noNaN: true }),
      scenario: fc.record({
        name: fc.constant('random'),
        issuanceMultiplier: fc.double({ min: 0, max: 2, noNaN: true }),
        probabilityOverride: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
        participationMultiplier: fc.double({ min: 0, max: 2, noNaN: true }),
        spreadShockBp: fc.integer({ min: 0, max: 200 }),
        assetGrowthPctPerYear: fc.double({ min: 0, max: 10, noNaN: true }),
        rolloverMaturities: fc.boolean(),
      }),
    })
    .chain(({ families, dealCount, limits, participationRate, scenario }) =>
      fc
        .tuple(...Array.from({ length: dealCount }, (_, i) => dealArb(i + 1)))
        .map((deals) =>
          projectionInput({ families, deals, limits, scenario, horizonMonths: 18, portfolio: { ...portfolio, participationRate } }),
        ),
    );

  it('never lowers any exposure when a deal grows', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), fc.integer({ min: 1, max: 1_000_000_000_000 }), (input, pick, extra) => {
        fc.pre(input.deals.length > 0);
        const grown = input.deals.map((d, i) => (i === pick % input.deals.length ? { ...d, amountCents: d.amountCents + extra } : d));
        const before = project(input);
        const after = project({ ...input, deals: grown });
        after.forEach((check, i) => {
          expect(check.scopeKey).toBe(before[i].scopeKey);
          check.months.forEach((m, t) => expect(m.exposureCents).toBeGreaterThanOrEqual(before[i].months[t].exposureCents));
        });
      }),
    );
  });

  it('gives breach probabilities in [0, 1], exactly when a breach is projected', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const check of project(input)) {
          expect(check.breachProbability === null).toBe(check.projectedBreachDate === null);
          expect(check.projectedStatus === 'BREACH').toBe(check.projectedBreachDate !== null);
          const value = check.breachProbability?.value ?? 0;
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('sums to the exact cent whatever the order of families, buckets and deals', () => {
    const shuffled = <T>(items: T[]) => fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length });
    fc.assert(
      fc.property(
        inputArb.chain((input) =>
          fc.record({
            input: fc.constant(input),
            reordered: fc.record({
              families: shuffled(input.families).chain((fs) =>
                fc.tuple(...fs.map((f) => shuffled(f.buckets).map((buckets) => ({ ...f, buckets })))),
              ),
              deals: shuffled(input.deals),
            }),
          }),
        ),
        ({ input, reordered }) => {
          const checks = project(input);
          expect(project({ ...input, ...reordered })).toEqual(checks);
          // Independent oracle in BigInt: the PAR group today is the sum over families of max(0, par - CDS).
          const oracle = input.families
            .map((f) => f.buckets.reduce((sum, b) => sum + BigInt(b.assetType === 'BOND' ? b.parCents : -b.parCents), 0n))
            .reduce((sum, net) => sum + (net > 0n ? net : 0n), 0n);
          expect(BigInt(checkOf(checks, 2, 'group:all').current.exposureCents)).toBe(oracle);
        },
      ),
    );
  });
});
