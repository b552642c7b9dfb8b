import { dealCapacity } from './capacity.js';
import { whollyExemptFamilyIds } from './exposure.js';
import { absoluteLimit, bond, deal, family, projectionInput } from './fixtures.js';
import type { LimitCheck } from './model.js';
import { FamilyRollup } from './positions.js';
import { project } from './projection.js';

const LONG = '2040-06-30';

/**
 * US Treasury: $500 of exempt bonds. Agency family: a $300 bond of its exempt top (a government
 * agency) and a $200 bond of a member that is not exempt (a rare case). Oracle: $400, not exempt.
 */
const families = [
  family(1, [bond(500_00, LONG, { exempt: true })], { name: 'US Treasury', sector: 'Government' }),
  family(2, [bond(300_00, LONG, { exempt: true }), bond(200_00, LONG)], { name: 'Agency', sector: 'Government' }),
  family(3, [bond(400_00, LONG)], { name: 'Oracle', sector: 'Technology' }),
];
const limits = [
  absoluteLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 250_00),
  absoluteLimit(2, { type: 'SECTOR', sector: 'Government' }, 10_000_00),
  absoluteLimit(3, { type: 'NAIC_RANGE', naicMin: 1, naicMax: 1 }, 10_000_00),
  absoluteLimit(4, { type: 'GROUP', name: 'Sovereign and agency', familyIds: [1, 2] }, 10_000_00),
  absoluteLimit(5, { type: 'PORTFOLIO' }, 10_000_00),
];

const checkOf = (checks: LimitCheck[], limitId: number, scopeKey: string) =>
  checks.find((c) => c.limitId === limitId && c.scopeKey === scopeKey);

describe('limitExempt issuers (the single-person rule leaves out the US government and its agencies)', () => {
  const checks = project(projectionInput({ families, limits }));

  it('gives a family whose holdings are all exempt no EACH_ISSUER_FAMILY check, and raises nothing for it', () => {
    expect(checkOf(checks, 1, 'family:1')).toBeUndefined();
    expect(checks.filter((c) => c.limitId === 1).map((c) => c.scopeKey)).toEqual(['family:2', 'family:3']);
  });

  it('leaves the exempt issuer’s own holdings out of its family’s EACH_ISSUER_FAMILY exposure, the other members’ in', () => {
    // Agency: only the member's 200 of 500 counts against 250: 80%, OK; Oracle's 400 > 250 is a breach
    expect(checkOf(checks, 1, 'family:2')).toMatchObject({ current: { exposureCents: 200_00, status: 'OK' } });
    expect(checkOf(checks, 1, 'family:3')).toMatchObject({ current: { exposureCents: 400_00, status: 'BREACH' } });
  });

  it('still counts exempt holdings in SECTOR, NAIC_RANGE, GROUP and PORTFOLIO aggregates', () => {
    expect(checkOf(checks, 2, 'sector:Government')!.current.exposureCents).toBe(1000_00); // 500 + 300 + 200
    expect(checkOf(checks, 3, 'naic:1-1')!.current.exposureCents).toBe(1400_00); // + Oracle's 400
    expect(checkOf(checks, 4, 'group:Sovereign and agency')!.current.exposureCents).toBe(1000_00);
    expect(checkOf(checks, 5, 'portfolio')!.current.exposureCents).toBe(1400_00);
  });

  it('still counts them in an ISSUER_FAMILY limit that names the family', () => {
    const named = project(projectionInput({ families, limits: [absoluteLimit(6, { type: 'ISSUER_FAMILY', familyId: 1 }, 400_00)] }));
    expect(named).toMatchObject([{ scopeKey: 'family:1', current: { exposureCents: 500_00, status: 'BREACH' } }]);
  });

  it('leaves an exempt issuer’s deals out of the EACH_ISSUER_FAMILY projection and its capacity, not out of the aggregates', () => {
    // A $1,000 Treasury deal in March 2027 and $30 of the agency member's: participation 1, probability 1
    const input = projectionInput({
      families,
      deals: [{ ...deal(1, 1, '2027-03-10', 1000_00), exempt: true }, deal(2, 2, '2027-03-10', 30_00)],
      limits: [limits[0], limits[4]],
    });
    const projected = project(input);
    expect(checkOf(projected, 1, 'family:1')).toBeUndefined();
    expect(checkOf(projected, 1, 'family:2')!.months.at(-1)!.exposureCents).toBe(230_00);
    expect(checkOf(projected, 5, 'portfolio')!.months.at(-1)!.exposureCents).toBe(2430_00);
    // Only the portfolio limit binds the Treasury deal: 10,000 - 1,400 - 30 = 8,570 of room, more than the deal
    expect(dealCapacity(input, 1)).toMatchObject({ maxAllocationCents: 1000_00, binding: null, limited: true });
    // The agency member's deal: 250 - 200 = 50 of room under the single-person rule
    expect(dealCapacity(input, 2).maxAllocationCents).toBe(30_00);
    expect(whollyExemptFamilyIds(input)).toEqual([1]);
  });

  it('keeps exempt issuers’ holdings in buckets of their own when rolling up a family', () => {
    const group = { assetType: 'BOND' as const, maturityMonth: '2040-06', couponRate: 5, naic: 1, sector: 'Government', currency: 'USD' };
    const cents = { parCents: 100_00, marketCents: 100_00, bookCents: 100_00, dollarDurationCents: 0 };
    const rollup = new FamilyRollup(
      () => 1,
      (issuerId) => issuerId === 10,
    );
    rollup.add([
      { ...group, ...cents, issuerId: 10 },
      { ...group, ...cents, issuerId: 11 },
    ]);
    const [position] = rollup.positions(() => 'Agency');
    expect(position.buckets.map((b) => [b.exempt ?? false, b.bookCents])).toEqual([
      [true, 100_00],
      [false, 100_00],
    ]);
  });
});
