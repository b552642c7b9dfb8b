import {
  absoluteLimit,
  baseScenario,
  bond,
  cds,
  checkOf,
  deal,
  exposures,
  family,
  pctLimit,
  portfolio,
  projectionInput,
} from './fixtures.js';
import type { LimitCheck, Limit } from './model.js';
import { project } from './projection.js';

// As of 2026-12-15, month t = 1 is 2026-12-31, t = 2 2027-01-31, t = 3 2027-02-28, ..., t = 6 2027-05-31.
const LONG = '2040-06-30';

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
