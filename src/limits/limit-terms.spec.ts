import { InvalidFields } from '../common/errors.js';
import type { CreateLimitDto } from './limit.dto.js';
import { limitTerms, scopeIssuerIds } from './limit-terms.js';

const dto = (fields: Partial<CreateLimitDto> = {}): CreateLimitDto =>
  ({
    name: 'Single issuer 3%',
    portfolio: 'LIFE-GA',
    scope: { type: 'EACH_ISSUER_FAMILY' },
    measure: 'MARKET_VALUE',
    basis: 'PCT_ADMITTED_ASSETS',
    limitPct: 3,
    ...fields,
  }) as CreateLimitDto;

function problemsOf(work: () => unknown): unknown {
  try {
    work();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidFields);
    return (err as InvalidFields).details;
  }
  throw new Error('expected InvalidFields');
}

describe("a limit's terms", () => {
  it('keep the fields of the scope type, with defaults, on the portfolio found', () => {
    expect(limitTerms(dto({ scope: { type: 'EACH_ISSUER_FAMILY', sector: 'Tech' } as CreateLimitDto['scope'] }), 7, new Set())).toEqual({
      name: 'Single issuer 3%',
      portfolioId: 7,
      scope: { type: 'EACH_ISSUER_FAMILY', naicMin: null, naicMax: null },
      measure: 'MARKET_VALUE',
      basis: 'PCT_ADMITTED_ASSETS',
      limitAmountCents: null,
      limitPct: 3,
      warnAtPct: 90,
      effectiveFrom: null,
      effectiveTo: null,
      source: null,
    });
  });

  it('an absolute limit in cents, for every portfolio, with its holdings filter', () => {
    const terms = limitTerms(
      dto({
        portfolio: null,
        basis: 'ABSOLUTE',
        limitAmount: 1234.56,
        limitPct: 5,
        scope: { type: 'SECTOR', sector: 'Energy', holdingsFilter: { naicMin: 3, naicMax: 6 } } as CreateLimitDto['scope'],
      }),
      null,
      new Set(),
    );
    expect(terms).toMatchObject({ portfolioId: null, limitAmountCents: 123456, limitPct: null });
    expect(terms.scope).toEqual({ type: 'SECTOR', sector: 'Energy', holdingsFilter: { naicMin: 3, naicMax: 6 } });
  });

  it('name the issuers of a family or a group', () => {
    expect(scopeIssuerIds(dto({ scope: { type: 'GROUP', name: 'Banks', issuerIds: [4, 5] } as CreateLimitDto['scope'] }))).toEqual([4, 5]);
    expect(scopeIssuerIds(dto({ scope: { type: 'ISSUER_FAMILY', issuerId: 9 } as CreateLimitDto['scope'] }))).toEqual([9]);
    expect(scopeIssuerIds(dto())).toEqual([]);
  });

  it('list every problem at once: the portfolio, unknown issuers, the basis, ranges and dates', () => {
    const bad = dto({
      basis: 'ABSOLUTE',
      scope: { type: 'GROUP', name: 'Banks', issuerIds: [4, 5], holdingsFilter: { naicMin: 5, naicMax: 2 } } as CreateLimitDto['scope'],
      effectiveFrom: '2026-07-01',
      effectiveTo: '2026-06-30',
    });
    expect(problemsOf(() => limitTerms(bad, undefined, new Set([4])))).toEqual([
      { field: 'portfolio', message: 'portfolio LIFE-GA does not exist' },
      { field: 'scope', message: 'issuer 5 does not exist' },
      { field: 'limitAmount', message: 'limitAmount is required with the ABSOLUTE basis' },
      { field: 'scope.holdingsFilter.naicMax', message: 'naicMax must not be below naicMin' },
      { field: 'effectiveTo', message: 'effectiveTo must not be before effectiveFrom' },
    ]);
  });
});
