import { FamilyRollup, type HoldingGroup } from './positions.js';

function familyPositions(groups: HoldingGroup[], familyOf: (issuerId: number) => number, nameOf: (familyId: number) => string) {
  const rollup = new FamilyRollup(familyOf);
  rollup.add(groups.slice(0, 1));
  rollup.add(groups.slice(1));
  return rollup.positions(nameOf);
}

const group = (g: Partial<HoldingGroup>): HoldingGroup => ({
  issuerId: 1,
  assetType: 'BOND',
  maturityMonth: '2035-11',
  couponRate: 4.875,
  naic: 1,
  sector: 'Technology',
  currency: 'USD',
  parCents: 0,
  marketCents: 0,
  bookCents: 0,
  dollarDurationCents: 0,
  ...g,
});

describe('family positions', () => {
  it('sums the issuers of a family into buckets by kind and maturity month, whatever the coupon', () => {
    const [meta] = familyPositions(
      [
        group({ issuerId: 1, marketCents: 100, parCents: 90, bookCents: 95, dollarDurationCents: 700 }),
        group({ issuerId: 2, marketCents: 50, parCents: 40, bookCents: 45, couponRate: 6, dollarDurationCents: 301 }),
      ],
      () => 1,
      () => 'Meta Platforms Inc',
    );
    expect(meta.buckets).toEqual([
      {
        assetType: 'BOND',
        naic: 1,
        maturityMonthEnd: '2035-11-30',
        currency: 'USD',
        parCents: 130,
        marketCents: 150,
        bookCents: 140,
        dollarDurationCents: 1001,
      },
    ]);
  });

  it('keeps apart the holdings of each own designation, which NAIC_RANGE limits and holdings filters count', () => {
    const [family] = familyPositions(
      [
        group({ issuerId: 1, naic: 1, marketCents: 900 }),
        group({ issuerId: 2, naic: 4, marketCents: 100 }),
        group({ issuerId: 3, naic: 1, marketCents: 5 }),
      ],
      () => 1,
      () => 'F',
    );
    expect(family.buckets.map((b) => [b.naic, b.marketCents])).toEqual([
      [1, 905],
      [4, 100],
    ]);
    expect(family.naic).toBe(2);
  });

  it('keeps apart the holdings of each currency, which an FX shock moves apart, their amounts already in the base currency', () => {
    const [family] = familyPositions(
      [
        group({ marketCents: 100 }),
        group({ currency: 'EUR', marketCents: 1_087 }),
        group({ issuerId: 2, currency: 'EUR', marketCents: 13 }),
      ],
      () => 1,
      () => 'F',
    );
    expect(family.buckets.map((b) => [b.currency, b.marketCents])).toEqual([
      ['USD', 100],
      ['EUR', 1_100],
    ]);
  });

  it('weights the NAIC designation by market value and rounds towards the worse', () => {
    // (1 x 700 + 2 x 300) / 1000 = 1.3 -> 2; unrated and CDS rows do not count
    const [family] = familyPositions(
      [
        group({ naic: 1, marketCents: 700 }),
        group({ naic: 2, marketCents: 300, couponRate: 5 }),
        group({ naic: null, marketCents: 5000, couponRate: 6 }),
        group({ assetType: 'CDS_PROTECTION', naic: 6, marketCents: 999, couponRate: null }),
      ],
      () => 1,
      () => 'F',
    );
    expect(family.naic).toBe(2);
  });

  it('a whole-number average stays as it is, and an unrated family has none', () => {
    expect(
      familyPositions(
        [group({ naic: 2, marketCents: 10 })],
        () => 1,
        () => 'F',
      )[0].naic,
    ).toBe(2);
    expect(
      familyPositions(
        [group({ naic: null, marketCents: 10 })],
        () => 1,
        () => 'F',
      )[0].naic,
    ).toBeNull();
  });

  it('takes the sector holding most market value', () => {
    const [family] = familyPositions(
      [group({ sector: 'Utilities', marketCents: 10 }), group({ sector: 'Technology', marketCents: 20, couponRate: 1 })],
      () => 1,
      () => 'F',
    );
    expect(family.sector).toBe('Technology');
  });
});
