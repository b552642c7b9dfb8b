import fc from 'fast-check';
import { absoluteLimit, bond, checkOf, deal, exposures, family, pctLimit, portfolio, projectionInput } from './fixtures.js';
import type { Deal, FamilyPosition, HoldingBucket, Limit, ProjectionInput } from './model.js';
import { project, ZERO_LIMIT_UTILIZATION_PCT } from './projection.js';

// As of 2026-12-15, month t = 1 is 2026-12-31, t = 2 2027-01-31, t = 3 2027-02-28, ..., t = 6 2027-05-31.
const LONG = '2040-06-30';

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
