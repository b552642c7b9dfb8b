import { familyIndex, wouldLoop, type ParentLinks } from './family.js';

const issuer = (id: number, links: Partial<ParentLinks> = {}): ParentLinks => ({
  id,
  economicParentId: null,
  declaredParentId: null,
  hierarchyParentId: null,
  gleifParentId: null,
  ...links,
});

describe('issuer families', () => {
  it('an issuer without parents is its own family', () => {
    expect(familyIndex([issuer(1)]).get(1)).toBe(1);
  });

  it('follows the chain of parents to the top', () => {
    const family = familyIndex([issuer(1), issuer(2, { hierarchyParentId: 1 }), issuer(3, { declaredParentId: 2 })]);
    expect([family.get(1), family.get(2), family.get(3)]).toEqual([1, 1, 1]);
  });

  it('prefers the economic parent, then the declared parent, then the hierarchy', () => {
    const issuers = [issuer(1), issuer(2), issuer(3), issuer(9, { economicParentId: 1, declaredParentId: 2, hierarchyParentId: 3 })];
    expect(familyIndex(issuers).get(9)).toBe(1);
    expect(familyIndex([issuer(2), issuer(3), issuer(9, { declaredParentId: 2, hierarchyParentId: 3 })]).get(9)).toBe(2);
  });

  it("GLEIF's parent decides only when no explicit parent is set", () => {
    const issuers = [issuer(1), issuer(2), issuer(9, { hierarchyParentId: 2, gleifParentId: 1 })];
    expect(familyIndex(issuers).get(9)).toBe(2);
    expect(familyIndex([issuer(1), issuer(9, { gleifParentId: 1 })]).get(9)).toBe(1);
  });

  it('Beignet Investor LLC joins Meta through its economic parent', () => {
    const meta = issuer(10);
    const beignet = issuer(20, { economicParentId: 10 });
    expect(familyIndex([meta, beignet]).get(20)).toBe(10);
  });

  it('detects a parent link that would close a loop', () => {
    const issuers = [issuer(1), issuer(2, { hierarchyParentId: 1 })];
    expect(wouldLoop(1, 2, issuers, 'economicParentId')).toBe(true);
    expect(wouldLoop(1, 1, issuers, 'hierarchyParentId')).toBe(true);
    expect(wouldLoop(2, 1, issuers, 'economicParentId')).toBe(false);
  });
});
