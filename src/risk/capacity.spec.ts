import fc from 'fast-check';
import { dealCapacity } from './capacity.js';
import {
  absoluteLimit,
  AI_DEAL_ID,
  aiExample,
  baseScenario,
  bond,
  cds,
  deal,
  family,
  pctLimit,
  portfolio,
  projectionInput,
} from './fixtures.js';
import type { Deal, ProjectionInput } from './model.js';
import { project } from './projection.js';

// As of 2026-12-15, month t = 1 is 2026-12-31, t = 2 2027-01-31, ..., t = 7 2027-06-30.
const LONG = '2040-06-30';
const familyLimit = (id: number, familyId: number, cents: number) => absoluteLimit(id, { type: 'ISSUER_FAMILY', familyId }, cents);
const maxAllocationCents = (input: ProjectionInput, dealId: number) => dealCapacity(input, dealId).maxAllocationCents;

describe('maxAllocationCents', () => {
  it('is the headroom of the worked example of docs/api.md: $225,000,000.00 - $212,400,000.40 = $12,599,999.60', () => {
    expect(maxAllocationCents(aiExample, AI_DEAL_ID)).toBe(1_259_999_960);
  });

  it('is 0 when the family is already over', () => {
    const input = projectionInput({
      families: [family(1, [bond(600_00, LONG)])],
      deals: [deal(1, 1, '2027-03-01', 1_000_00)],
      limits: [familyLimit(1, 1, 500_00)],
    });
    expect(maxAllocationCents(input, 1)).toBe(0);
  });

  it('is 0 when the limit is exceeded before the deal arrives, even if room opens later', () => {
    // 900 > 800 until the 600 matures in March 2027; the deal only counts from June
    const input = projectionInput({
      families: [family(1, [bond(600_00, '2027-03-31'), bond(300_00, LONG)])],
      deals: [deal(1, 1, '2027-06-10', 1_000_00)],
      limits: [familyLimit(1, 1, 800_00)],
    });
    expect(maxAllocationCents(input, 1)).toBe(0);
  });

  it('is 0 when an aggregate is over before the deal arrives, even with the family net short', () => {
    // Group limit 100: family 2's 150 is over until it matures in March 2027; family 1 has only
    // protection (0 - 50 -> 0), which cannot bring the group under.
    const input = projectionInput({
      families: [family(1, [cds(50_00)]), family(2, [bond(150_00, '2027-03-31')])],
      deals: [deal(1, 1, '2027-06-10', 1_000_00)],
      limits: [absoluteLimit(1, { type: 'GROUP', name: 'g', familyIds: [1, 2] }, 100_00)],
    });
    expect(maxAllocationCents(input, 1)).toBe(0);
  });

  it('counts the room a maturing bond frees before the deal arrives', () => {
    // Limit 1,000: 900 today (fine); from June 2027 only the 300 is left, so 1,000 - 300 = 700
    const input = projectionInput({
      families: [family(1, [bond(600_00, '2027-03-31'), bond(300_00, LONG)])],
      deals: [deal(1, 1, '2027-06-10', 1_000_00)],
      limits: [familyLimit(1, 1, 1000_00)],
    });
    expect(maxAllocationCents(input, 1)).toBe(700_00);
  });

  it('is bound by the tightest aggregate containing the family and by other deals, even later ones', () => {
    // Family limit: 1,000 - 100 = 900. Group limit 1,000 over 100 + 800 = 900: 100 of room, until the
    // other family's deal (expected 100 x 0.5 = 50) counts from September 2027: 1,000 - 950 = 50.
    const input = projectionInput({
      families: [family(1, [bond(100_00, LONG)]), family(2, [bond(800_00, LONG)])],
      deals: [deal(1, 1, '2027-03-01', 1_000_00), deal(2, 2, '2027-09-01', 100_00, 0.5)],
      limits: [
        absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 1000_00),
        absoluteLimit(2, { type: 'GROUP', name: 'g', familyIds: [1, 2] }, 1000_00),
      ],
    });
    expect(maxAllocationCents(input, 1)).toBe(50_00);
    expect(maxAllocationCents({ ...input, deals: input.deals.slice(0, 1) }, 1)).toBe(100_00);
  });

  it('lets excess CDS protection absorb part of the allocation', () => {
    // 100 of bonds, 150 of protection: net -50 -> 0. Up to 150 more keeps 100 + 150 - 150 = 100 within 100.
    const input = projectionInput({
      families: [family(1, [bond(100_00, LONG), cds(150_00)])],
      deals: [deal(1, 1, '2027-03-01', 1_000_00)],
      limits: [familyLimit(1, 1, 100_00)],
    });
    expect(maxAllocationCents(input, 1)).toBe(150_00);
  });

  it('holds every applicable limit, of every measure, at every month from the deal on', () => {
    // PAR limit 400 over 350 of par: 50. Market limit 1,000 over 300: 700. A PCT limit growing 12% a year
    // binds at the deal's month only (t = 3): 0.0001% of $9B = $9,000 x 1.12^(3/12) = $9,258.64, - 300 = 8,958.64.
    const input = projectionInput({
      families: [family(1, [bond(300_00, LONG, { parCents: 350_00 })])],
      deals: [deal(1, 1, '2027-02-01', 1_000_000_00)],
      limits: [
        familyLimit(1, 1, 1000_00),
        absoluteLimit(2, { type: 'ISSUER_FAMILY', familyId: 1 }, 400_00, { measure: 'PAR' }),
        pctLimit(3, { type: 'SECTOR', sector: 'none' }, 0.0001),
      ],
    });
    expect(maxAllocationCents(input, 1)).toBe(50_00);
    const growing = {
      ...input,
      limits: [pctLimit(3, { type: 'ISSUER_FAMILY', familyId: 1 }, 0.0001)],
      scenario: { ...baseScenario, assetGrowthPctPerYear: 12 },
    };
    expect(maxAllocationCents(growing, 1)).toBe(925_864 - 300_00);
  });

  it('stretches the horizon to reach a deal beyond it', () => {
    const input = projectionInput({
      families: [family(1, [bond(300_00, LONG)])],
      deals: [deal(1, 1, '2029-03-01', 1_000_00)],
      limits: [familyLimit(1, 1, 1000_00)],
      horizonMonths: 6,
    });
    expect(maxAllocationCents(input, 1)).toBe(700_00);
  });

  it('is the whole deal when no limit applies to the family', () => {
    const input = projectionInput({
      families: [family(1, [])],
      deals: [deal(1, 1, '2027-03-01', 1_000_00)],
      limits: [familyLimit(1, 2, 1)],
    });
    expect(maxAllocationCents(input, 1)).toBe(1_000_00);
  });

  it('refuses a deal that is not in the pipeline', () => {
    expect(() => maxAllocationCents(aiExample, 999)).toThrow('no deal 999 in the pipeline');
  });

  it('holds a limit only while it is in force, and a limit cut from the month it takes effect', () => {
    // 300 held. Limit 1,000 until June 2027, cut to 500 from 2027-07-01 (version 2): room 700 from the deal's
    // March start, 200 from 2027-07-31. A limit ended in January 2027 binds nothing at the deal's start.
    const input = projectionInput({
      families: [family(1, [bond(300_00, LONG)])],
      deals: [deal(1, 1, '2027-03-01', 1_000_00)],
      limits: [
        familyLimit(1, 1, 1000_00),
        { ...familyLimit(1, 1, 500_00), effectiveFrom: '2027-07-01' },
        { ...familyLimit(2, 1, 310_00), effectiveTo: '2027-01-31' },
      ].map((limit, i) => (i === 0 ? { ...limit, supersededOn: '2027-07-01' } : limit)),
    });
    const { maxAllocationCents: cents, binding } = dealCapacity(input, 1);
    expect(cents).toBe(200_00);
    expect(binding).toMatchObject({
      t: 8,
      date: '2027-07-31',
      capacityCents: 200_00,
      exposureCents: 300_00,
      limitCents: 500_00,
      overWithoutDeal: false,
    });
    expect(binding?.check).toMatchObject({ scopeKey: 'family:1', limit: { id: 1, limitAmountCents: 500_00 } });
  });
});

describe('dealCapacity: what binds', () => {
  it('names the limit and today when the family is already over', () => {
    const input = projectionInput({
      families: [family(1, [bond(600_00, LONG)])],
      deals: [deal(1, 1, '2027-03-01', 1_000_00)],
      limits: [familyLimit(3, 1, 500_00)],
    });
    const { binding, limited } = dealCapacity(input, 1);
    expect(limited).toBe(true);
    expect(binding).toMatchObject({
      t: 0,
      date: '2026-12-15',
      capacityCents: 0,
      exposureCents: 600_00,
      limitCents: 500_00,
      overWithoutDeal: true,
    });
    expect(binding?.check).toMatchObject({ scopeKey: 'family:1', limit: { id: 3 } });
  });

  it('names the month another deal takes the family over, before this one arrives', () => {
    // Limit 250, 200 held; another deal of the family (expected 100) comes in January 2027, this one in June.
    const input = projectionInput({
      families: [family(1, [bond(200_00, LONG)])],
      deals: [deal(1, 1, '2027-06-10', 1_000_00), deal(2, 1, '2027-01-10', 100_00)],
      limits: [familyLimit(1, 1, 250_00)],
    });
    expect(dealCapacity(input, 1).binding).toMatchObject({
      t: 2,
      date: '2027-01-31',
      capacityCents: 0,
      exposureCents: 300_00,
      overWithoutDeal: true,
    });
  });

  it('names the aggregate and the first month of least room when it binds before the family limit', () => {
    // Family limit 1,000 over 100: 900. Group limit 1,000 over 100 + 800: 100 from the deal's start (t = 3).
    const input = projectionInput({
      families: [family(1, [bond(100_00, LONG)]), family(2, [bond(800_00, LONG)])],
      deals: [deal(1, 1, '2027-02-01', 1_000_00)],
      limits: [familyLimit(1, 1, 1000_00), absoluteLimit(2, { type: 'GROUP', name: 'AI hyperscalers', familyIds: [1, 2] }, 1000_00)],
    });
    const { maxAllocationCents: cents, binding } = dealCapacity(input, 1);
    expect(cents).toBe(100_00);
    expect(binding).toMatchObject({
      t: 3,
      date: '2027-02-28',
      capacityCents: 100_00,
      exposureCents: 900_00,
      limitCents: 1000_00,
      overWithoutDeal: false,
    });
    expect(binding?.check).toMatchObject({ scopeKey: 'group:AI hyperscalers', scopeLabel: 'AI hyperscalers' });
  });

  it('has no binding limit when the whole deal fits, or when no limit applies', () => {
    const fits = projectionInput({
      families: [family(1, [bond(100_00, LONG)])],
      deals: [deal(1, 1, '2027-02-01', 50_00)],
      limits: [familyLimit(1, 1, 1000_00)],
    });
    expect(dealCapacity(fits, 1)).toEqual({ maxAllocationCents: 50_00, binding: null, limited: true });
    expect(dealCapacity({ ...fits, limits: [familyLimit(1, 2, 1)] }, 1)).toEqual({
      maxAllocationCents: 50_00,
      binding: null,
      limited: false,
    });
  });

  it('is exact: taking the capacity stays within every limit, one cent more breaches one', () => {
    const dates = ['2026-12-20', '2027-04-01', '2027-09-30', '2028-02-15'];
    const dealArb = (id: number): fc.Arbitrary<Deal> =>
      fc.record({
        id: fc.constant(id),
        familyId: fc.integer({ min: 1, max: 3 }),
        expectedDate: fc.constantFrom(...dates),
        amountCents: fc.integer({ min: 0, max: 2_000_000_00 }),
        probability: fc.double({ min: 0, max: 1, noNaN: true }),
      });
    const inputArb = fc
      .record({
        holdings: fc.tuple(...[1, 2, 3].map(() => fc.integer({ min: 0, max: 5_000_000_00 }))),
        protection: fc.integer({ min: 0, max: 3_000_000_00 }),
        maturities: fc.tuple(fc.constantFrom('2027-06-30', LONG), fc.constantFrom('2027-03-31', LONG)),
        others: fc.tuple(dealArb(2), dealArb(3)),
        dealDate: fc.constantFrom(...dates),
        limitCents: fc.tuple(...[1, 2, 3].map(() => fc.integer({ min: 0, max: 10_000_000_00 }))),
      })
      .map(({ holdings, protection, maturities, others, dealDate, limitCents }): ProjectionInput =>
        projectionInput({
          portfolio: { ...portfolio, participationRate: 1 },
          families: [
            family(1, [bond(holdings[0], maturities[0]), cds(protection, '2027-09-30')]),
            family(2, [bond(holdings[1], maturities[1])]),
            family(3, [bond(holdings[2], LONG)]),
          ],
          deals: [deal(1, 1, dealDate, 0), ...others],
          limits: [
            absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, limitCents[0]),
            absoluteLimit(2, { type: 'GROUP', name: 'g', familyIds: [1, 2] }, limitCents[1]),
            absoluteLimit(3, { type: 'GROUP', name: 'h', familyIds: [2, 3] }, limitCents[2]),
          ],
          horizonMonths: 18,
        }),
      );
    const breaches = (input: ProjectionInput, allocation: number) =>
      project({ ...input, deals: input.deals.map((d) => (d.id === 1 ? { ...d, amountCents: allocation } : d)) })
        .filter((check) => check.familyIds.includes(1))
        .some((check) => [check.current, ...check.months].some((m) => m.exposureCents > m.limitCents));
    fc.assert(
      fc.property(inputArb, (input) => {
        const capacity = maxAllocationCents({ ...input, deals: input.deals.map((d) => (d.id === 1 ? { ...d, amountCents: 1e12 } : d)) }, 1);
        if (capacity > 0) expect(breaches(input, capacity)).toBe(false);
        expect(breaches(input, capacity + 1)).toBe(true);
      }),
    );
  });
});
