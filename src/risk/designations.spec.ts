import { dealCapacity } from './capacity.js';
import { absoluteLimit, bond, cds, deal, family, projectionInput } from './fixtures.js';
import type { LimitCheck } from './model.js';
import { project } from './projection.js';

const LONG = '2040-06-30';
const MEDIUM_AND_LOWER = { naicMin: 3, naicMax: 6 };

/**
 * Oracle: $900 of NAIC 1 bonds and a $100 NAIC 4 private placement (its weighted designation
 * (900 x 1 + 100 x 4) / 1000 = 1.3 rounds to 2); Junk: $50 of NAIC 5 bonds, less $20 of NAIC 5 CDS
 * protection and $30 of unrated protection.
 */
const families = [
  family(1, [bond(900_00, LONG, { naic: 1 }), bond(100_00, LONG, { naic: 4 })], { name: 'Oracle', naic: 2 }),
  family(2, [bond(50_00, LONG, { naic: 5 }), { ...cds(20_00), naic: 5 }, cds(30_00)], { name: 'Junk', naic: 5 }),
];

const checkOf = (checks: LimitCheck[], limitId: number, scopeKey: string) =>
  checks.find((c) => c.limitId === limitId && c.scopeKey === scopeKey)!;
const exposures = (check: LimitCheck) => [check.current, ...check.months].map((m) => m.exposureCents);

describe('limits counting holdings by their own designation', () => {
  const checks = project(
    projectionInput({
      families,
      limits: [
        absoluteLimit(1, { type: 'NAIC_RANGE', naicMin: 3, naicMax: 6 }, 1000_00),
        absoluteLimit(2, { type: 'EACH_ISSUER_FAMILY' }, 1000_00, { holdingsFilter: MEDIUM_AND_LOWER }),
        absoluteLimit(3, { type: 'PORTFOLIO' }, 10_000_00),
        absoluteLimit(4, { type: 'NAIC_RANGE', naicMin: 1, naicMax: 2 }, 10_000_00),
      ],
    }),
  );

  it('sums the NAIC 3-6 holdings of every family, not the families whose average is in range', () => {
    // Oracle's NAIC 4 placement 100 + Junk's 50 less its NAIC 5 protection 20 = 130 (the unrated protection is not a NAIC 5 holding)
    expect(checkOf(checks, 1, 'naic:3-6')).toMatchObject({ familyIds: [1, 2], current: { exposureCents: 130_00 } });
    // Oracle's NAIC 1 bonds count in NAIC 1-2 even though the family is NAIC 2 on average; Junk has nothing there
    expect(checkOf(checks, 4, 'naic:1-2')).toMatchObject({ familyIds: [1], current: { exposureCents: 900_00 } });
  });

  it('counts only the filtered holdings of each family under a holdingsFilter', () => {
    expect(checkOf(checks, 2, 'family:1').current.exposureCents).toBe(100_00);
    expect(checkOf(checks, 2, 'family:2').current.exposureCents).toBe(30_00);
  });

  it('sums every holding of the portfolio under PORTFOLIO, each family netted of its protection', () => {
    // 900 + 100 + max(0, 50 - 20 - 30) = 1,000
    expect(checkOf(checks, 3, 'portfolio')).toMatchObject({
      scopeLabel: 'Portfolio',
      familyIds: [1, 2],
      current: { exposureCents: 1000_00 },
    });
  });
});

describe('deals counted by their own designation, by default their family’s', () => {
  const input = projectionInput({
    families,
    deals: [deal(1, 1, '2027-02-10', 100_00, 1, 4), deal(2, 1, '2027-03-10', 70_00), deal(3, 1, '2027-04-10', 500_00, 1, 1)],
    limits: [absoluteLimit(1, { type: 'NAIC_RANGE', naicMin: 3, naicMax: 6 }, 200_00)],
  });

  it('adds a NAIC 4 deal to the NAIC 3-6 aggregate from its month, and leaves out the deals of NAIC 1 and of the NAIC 2 family', () => {
    // 130 today; the NAIC 4 deal of 100 counts from 2027-02-28 (t = 3); deal 2 takes Oracle's NAIC 2, deal 3 is NAIC 1
    expect(exposures(project(input)[0]).slice(0, 6)).toEqual([130_00, 130_00, 130_00, 230_00, 230_00, 230_00]);
  });

  it('sizes a deal only against the checks that count its designation', () => {
    // 200 - 130 = 70 of room in NAIC 3-6 for the NAIC 4 deal; the NAIC 1 deal is not bound by it
    expect(dealCapacity(input, 1).maxAllocationCents).toBe(70_00);
    expect(dealCapacity(input, 3)).toMatchObject({ maxAllocationCents: 500_00, binding: null, limited: false });
  });
});
