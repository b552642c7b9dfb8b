import { BeyondExactRange, requireExactRange } from './exact-range.js';
import { absoluteLimit, baseScenario, bond, deal, family, portfolio, projectionInput } from './fixtures.js';
import { project } from './projection.js';

const SAFE = Number.MAX_SAFE_INTEGER;
/** A bond bucket weighs par + book + 7 x market (itself and the NAIC weighting) = 9 x its value when they are equal. */
const BUCKET_WEIGHT = 9;

describe('the exact range of the core', () => {
  const terms = { ...portfolio, admittedAssetsCents: 0, capitalSurplusCents: 0 };

  it('takes figures whose magnitudes add up to Number.MAX_SAFE_INTEGER, and refuses one cent more', () => {
    const value = 1_000_000_000_000_00; // $1 trillion
    const rest = SAFE - BUCKET_WEIGHT * value;
    const at = (dealCents: number) =>
      projectionInput({
        portfolio: terms,
        families: [family(1, [bond(value, '2040-01-31', { dollarDurationCents: 0 })])],
        deals: [deal(1, 1, '2027-06-30', dealCents)],
      });
    // the deal counts twice: its allocation (participation 1) and once whole, for its capacity
    expect(() => requireExactRange(at(Math.floor(rest / 2)))).not.toThrow();
    expect(() => requireExactRange(at(Math.floor(rest / 2) + 1))).toThrow(BeyondExactRange);
  });

  it('counts deals at their allocation, the spread shock and the limits', () => {
    const big = 4_000_000_000_000_000; // $40 trillion
    const twoDeals = [deal(1, 1, '2027-06-30', big), deal(2, 1, '2027-07-31', big)];
    expect(() => requireExactRange(projectionInput({ portfolio: { ...terms, participationRate: 0.01 }, deals: twoDeals }))).not.toThrow();
    expect(() => requireExactRange(projectionInput({ portfolio: terms, deals: twoDeals }))).toThrow(BeyondExactRange);
    const shocked = { ...baseScenario, spreadShockBp: 5000 };
    const bonds = [family(1, [bond(big / 10, '2040-01-31', { dollarDurationCents: 10 * big })])];
    expect(() => requireExactRange(projectionInput({ portfolio: terms, families: bonds }))).not.toThrow();
    expect(() => requireExactRange(projectionInput({ portfolio: terms, families: bonds, scenario: shocked }))).toThrow(BeyondExactRange);
    const limits = [absoluteLimit(1, { type: 'PORTFOLIO' }, 1.25 * big), absoluteLimit(2, { type: 'PORTFOLIO' }, 1.25 * big)];
    expect(() => requireExactRange(projectionInput({ portfolio: terms, limits: limits.slice(0, 1) }))).not.toThrow();
    expect(() => requireExactRange(projectionInput({ portfolio: terms, limits }))).toThrow(BeyondExactRange);
  });

  it('is where the projection refuses, with a sentence and not a RangeError', () => {
    const input = projectionInput({ portfolio: terms, deals: [deal(1, 1, '2027-06-30', SAFE)] });
    expect(() => project(input)).toThrow('add up to more than $90,071,992,547,409.91');
  });
});
