import { deal, pctLimit, projectionInput } from './fixtures.js';
import type { Limit, ProjectionInput } from './model.js';
import { FamilyRollup, type HoldingGroup } from './positions.js';
import { whatIf, type Trade } from './what-if.js';

// Admitted assets $9,000,000,000.00 (fixtures): 3% is $270,000,000.00. As of 2026-12-15.
const ORACLE = 1;
const META = 2;
const DUKE = 3;
const NEW_ISSUER = -1;

function held(issuerId: number, marketCents: number, naic = 1, sector = 'Technology'): HoldingGroup {
  const [parCents, bookCents] = [marketCents, marketCents];
  return {
    issuerId,
    assetType: 'BOND',
    maturityMonth: '2040-06',
    couponRate: 5,
    naic,
    sector,
    currency: 'USD',
    parCents,
    marketCents,
    bookCents,
    dollarDurationCents: 0,
  };
}

function buy(issuerId: number, marketCents: number, extra: Partial<Trade> = {}): Trade {
  return {
    issuerId,
    side: 'BUY',
    currency: 'USD',
    marketCents,
    bookCents: marketCents,
    parCents: marketCents,
    naic: null,
    sector: null,
    maturityDate: null,
    ...extra,
  };
}

const sell = (issuerId: number, marketCents: number): Trade => ({ ...buy(issuerId, marketCents), side: 'SELL' });

/** The snapshot read through a rollup, as the projection service reads it: each issuer its own family. */
function snapshot(limits: Limit[], extra: Partial<ProjectionInput> = {}): { input: ProjectionInput; rollup: FamilyRollup } {
  const rollup = new FamilyRollup((id) => id);
  // Oracle 92% of 3%: $248,400,000.00; Meta 110%: $297,000,000.00; Duke NAIC 2, Utilities, $100,000,000.00
  rollup.add([held(ORACLE, 24_840_000_000), held(META, 29_700_000_000), held(DUKE, 10_000_000_000, 2, 'Utilities')]);
  const names = new Map([
    [ORACLE, 'Oracle'],
    [META, 'Meta'],
    [DUKE, 'Duke'],
    [NEW_ISSUER, 'New Co'],
  ]);
  const families = rollup.positions((id) => names.get(id)!);
  return { input: projectionInput({ familyNames: names, families, limits, ...extra }), rollup };
}

const singlePerson = pctLimit(1, { type: 'EACH_ISSUER_FAMILY' }, 3, { name: 'single person' });
const technology = pctLimit(2, { type: 'SECTOR', sector: 'Technology' }, 10, { name: 'technology' });
const identity = (id: number) => id;

describe('whatIf', () => {
  it('finds a buy that takes Oracle from 92% to 103% of its 3% limit a breach, with both figures', () => {
    const { input, rollup } = snapshot([singlePerson]);
    // 24,840,000,000 + 2,970,000,000 = 27,810,000,000 of 27,000,000,000: 103%
    const result = whatIf(input, rollup, identity, [buy(ORACLE, 2_970_000_000)]);
    expect(result.verdict).toBe('BREACH');
    expect(result.projectedVerdict).toBe('BREACH');
    expect(result.checks).toHaveLength(1);
    const [{ before, after, raised }] = result.checks;
    expect(raised).toBe(true);
    expect([before.scopeLabel, before.current.exposureCents, before.current.utilizationPct, before.current.status]).toEqual([
      'Oracle',
      24_840_000_000,
      92,
      'WARNING',
    ]);
    expect([after.current.exposureCents, after.current.limitCents, after.current.utilizationPct, after.current.status]).toEqual([
      27_810_000_000,
      27_000_000_000,
      103,
      'BREACH',
    ]);
    expect(after.projectedBreachDate).toBe('2026-12-31');
  });

  it('passes a sale of Meta while Meta is over, showing the check before and after', () => {
    const { input, rollup } = snapshot([singlePerson]);
    // 29,700,000,000 - 2,700,000,000 = 27,000,000,000: 110% -> 100%, still a warning but lowered
    const result = whatIf(input, rollup, identity, [sell(META, 2_700_000_000)]);
    expect(result).toMatchObject({ verdict: 'PASS', projectedVerdict: 'PASS' });
    const [{ before, after, raised }] = result.checks;
    expect(raised).toBe(false);
    expect([before.current.utilizationPct, before.current.status, after.current.utilizationPct, after.current.status]).toEqual([
      110,
      'BREACH',
      100,
      'WARNING',
    ]);
  });

  it('passes a buy that fits today but projects the breach of the month a deal lands', () => {
    // Duke: $100,000,000.00 + $150,000,000.00 = $250,000,000.00 (92.59%), then a certain $50,000,000.00 deal
    // of 2027-03-10 counts from 2027-03-31: $300,000,000.00 > $270,000,000.00
    const { input, rollup } = snapshot([singlePerson], { deals: [deal(9, DUKE, '2027-03-10', 5_000_000_000)] });
    const result = whatIf(input, rollup, identity, [buy(DUKE, 15_000_000_000)]);
    expect(result).toMatchObject({ verdict: 'WARNING', projectedVerdict: 'BREACH' });
    const [{ before, after }] = result.checks;
    expect([before.projectedStatus, before.projectedBreachDate]).toEqual(['OK', null]);
    expect([after.current.exposureCents, after.projectedStatus, after.projectedBreachDate]).toEqual([
      25_000_000_000,
      'BREACH',
      '2027-03-31',
    ]);
  });

  it('gives an issuer not yet known a family of its own, at nothing before', () => {
    const { input, rollup } = snapshot([singlePerson, technology]);
    const result = whatIf(input, rollup, identity, [buy(NEW_ISSUER, 100_000_000, { sector: 'Technology' })]);
    const figures = result.checks.map(({ before, after }) => [after.scopeLabel, before.current.exposureCents, after.current.exposureCents]);
    // Technology: Oracle 24,840,000,000 + Meta 29,700,000,000 = 54,540,000,000 of 90,000,000,000, plus 100,000,000
    expect(figures).toEqual([
      ['New Co', 0, 100_000_000],
      ['Technology', 54_540_000_000, 54_640_000_000],
    ]);
    expect(result.verdict).toBe('PASS');
  });

  it('takes several trades at once, each family on its own and the aggregate once, and leaves other families out', () => {
    const { input, rollup } = snapshot([singlePerson, technology]);
    const result = whatIf(input, rollup, identity, [buy(ORACLE, 100_000_000), sell(META, 300_000_000)]);
    const figures = result.checks.map(({ after, raised }) => [after.limitId, after.scopeLabel, after.current.exposureCents, raised]);
    expect(figures).toEqual([
      [1, 'Oracle', 24_940_000_000, true],
      [1, 'Meta', 29_400_000_000, false],
      // 54,540,000,000 + 100,000,000 - 300,000,000
      [2, 'Technology', 54_340_000_000, false],
    ]);
    // Oracle: 24,940,000,000 / 27,000,000,000 = 92.37%: a warning
    expect(result.verdict).toBe('WARNING');
  });

  it('checks a traded family under its own limit where one replaces the default, and under the groups holding it', () => {
    const oracleLimit = pctLimit(4, { type: 'ISSUER_FAMILY', familyId: ORACLE }, 4, { name: 'Oracle 4%' });
    const group = pctLimit(5, { type: 'GROUP', name: 'Oracle and Duke', familyIds: [ORACLE, DUKE] }, 5, { name: 'pair' });
    const { input, rollup } = snapshot([singlePerson, oracleLimit, group]);
    const result = whatIf(input, rollup, identity, [buy(ORACLE, 1_160_000_000)]);
    // Oracle 24,840,000,000 + 1,160,000,000 = 26,000,000,000 of 4% (36,000,000,000): 72.22%;
    // the pair 26,000,000,000 + 10,000,000,000 = 36,000,000,000 of 5% (45,000,000,000): 80%
    expect(result.checks.map(({ after }) => [after.limitId, after.scopeKey, after.current.utilizationPct])).toEqual([
      [4, 'family:1', 72.22],
      [5, 'group:Oracle and Duke', 80],
    ]);
  });

  it("counts a trade under a NAIC range by its own designation, else by its family's", () => {
    const lowerGrade = pctLimit(3, { type: 'NAIC_RANGE', naicMin: 3, naicMax: 6 }, 1, { name: 'NAIC 3-6' });
    const { input, rollup } = snapshot([lowerGrade]);
    expect(whatIf(input, rollup, identity, [buy(DUKE, 100_000_000)]).checks).toEqual([]);
    const { input: again, rollup: rolled } = snapshot([lowerGrade]);
    const [change] = whatIf(again, rolled, identity, [buy(DUKE, 100_000_000, { naic: 4 })]).checks;
    expect([change.before.current.exposureCents, change.after.current.exposureCents, change.after.familyIds]).toEqual([
      0,
      100_000_000,
      [DUKE],
    ]);
  });
});
