import type { LimitCheck } from '../risk/model.js';
import { concentrationOf } from './concentration.js';

/** A check today: exposure against a $225M (or given) limit, in cents. */
function check(
  scopeKey: string,
  scopeLabel: string,
  exposureCents: number,
  extra: Partial<LimitCheck> = {},
  limitCents = 225_000_000_00,
): LimitCheck {
  const utilizationPct = Math.round((exposureCents / limitCents) * 10_000) / 100;
  return {
    limitId: 1,
    limitName: 'Single family 2.5%',
    limitSource: null,
    basis: 'ABSOLUTE',
    limitPct: null,
    basisCents: null,
    scopeKey,
    scopeLabel,
    familyIds: scopeKey.startsWith('family:') ? [Number(scopeKey.slice(7))] : [1, 2],
    measure: 'BOOK_VALUE',
    current: {
      date: '2026-11-30',
      exposureCents,
      limitCents,
      headroomCents: limitCents - exposureCents,
      utilizationPct,
      status: utilizationPct > 100 ? 'BREACH' : utilizationPct >= 90 ? 'WARNING' : 'OK',
    },
    inForceFrom: null,
    months: [],
    projectedStatus: 'OK',
    projectedBreachDate: null,
    breachProbability: null,
    ...extra,
  };
}

describe('concentration', () => {
  it('ranks every family by utilization today, within its limit or not, and keeps the first ten', () => {
    const families = Array.from({ length: 12 }, (_, i) => check(`family:${i + 1}`, `Family ${i + 1}`, (i + 1) * 20_000_000_00));
    const rows = concentrationOf(families);
    expect(rows.map((r) => [r.family, r.utilizationPct, r.status])).toEqual([
      ['Family 12', 106.67, 'BREACH'],
      ['Family 11', 97.78, 'WARNING'],
      ['Family 10', 88.89, 'OK'],
      ['Family 9', 80, 'OK'],
      ['Family 8', 71.11, 'OK'],
      ['Family 7', 62.22, 'OK'],
      ['Family 6', 53.33, 'OK'],
      ['Family 5', 44.44, 'OK'],
      ['Family 4', 35.56, 'OK'],
      ['Family 3', 26.67, 'OK'],
    ]);
    expect(rows[0]).toEqual({
      familyId: 12,
      family: 'Family 12',
      limitId: 1,
      limitName: 'Single family 2.5%',
      exposure: 240_000_000,
      limit: 225_000_000,
      headroom: -15_000_000,
      utilizationPct: 106.67,
      status: 'BREACH',
    });
  });

  it('shows a family once, at the family limit it uses most; leaves out aggregates and limits not yet in force', () => {
    const rows = concentrationOf([
      check('family:1', 'Oracle Corp', 100_000_000_00),
      check('family:1', 'Oracle Corp', 20_000_000_00, { limitId: 2, limitName: 'Medium and lower grade 1%' }, 22_500_000_00),
      check('sector:Technology', 'Technology', 900_000_000_00),
      check('family:2', 'Meta Platforms Inc', 500_000_000_00, { inForceFrom: '2027-06-30' }),
    ]);
    expect(rows.map((r) => [r.family, r.limitName, r.utilizationPct])).toEqual([['Oracle Corp', 'Medium and lower grade 1%', 88.89]]);
  });

  it('orders equal utilizations by exposure, then by name', () => {
    const rows = concentrationOf([
      check('family:1', 'Beta', 90_000_000_00),
      check('family:2', 'Alpha', 90_000_000_00),
      check('family:3', 'Gamma', 180_000_000_00, {}, 450_000_000_00),
    ]);
    expect(rows.map((r) => r.family)).toEqual(['Gamma', 'Alpha', 'Beta']);
  });
});
