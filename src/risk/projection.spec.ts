import { absoluteLimit, aiExample, baseScenario, bond, checkOf, deal, exposures, family, projectionInput } from './fixtures.js';
import { project } from './projection.js';

// As of 2026-12-15, month t = 1 is 2026-12-31, t = 2 2027-01-31, t = 3 2027-02-28, ..., t = 6 2027-05-31.
const LONG = '2040-06-30';

describe('project: the worked example of docs/api.md', () => {
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
