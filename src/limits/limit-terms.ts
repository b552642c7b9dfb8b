import { InvalidFields } from '../common/errors.js';
import { parseMoneyNumber } from '../common/money.js';
import type { CreateLimitDto } from './limit.dto.js';
import type { LimitVersionEntity } from './limit.entity.js';

/** What a version of a limit says: what a create or a change decides. */
export type LimitTerms = Omit<LimitVersionEntity, 'id' | 'limitId' | 'version' | 'createdAt'>;

/** The issuers a limit's scope names: a family's, a group's. */
export function scopeIssuerIds({ scope }: CreateLimitDto): number[] {
  return [...(scope.issuerIds ?? []), ...(scope.issuerId ? [scope.issuerId] : [])];
}

/**
 * Checks what the DTO cannot check alone, given what the database knows: the portfolio and the
 * issuers exist, amounts fit the basis, ranges and dates are in order. `portfolioId` is the named
 * portfolio's id (undefined when none has that code; null for every portfolio), `knownIssuers`
 * those of scopeIssuerIds that exist. Every problem at once, as InvalidFields.
 */
export function limitTerms(dto: CreateLimitDto, portfolioId: number | null | undefined, knownIssuers: Set<number>): LimitTerms {
  const problems: Array<{ field: string; message: string }> = [];
  if (portfolioId === undefined) problems.push({ field: 'portfolio', message: `portfolio ${dto.portfolio} does not exist` });
  for (const issuerId of scopeIssuerIds(dto))
    if (!knownIssuers.has(issuerId)) problems.push({ field: 'scope', message: `issuer ${issuerId} does not exist` });
  const absolute = dto.basis === 'ABSOLUTE';
  if (absolute && dto.limitAmount == null)
    problems.push({ field: 'limitAmount', message: 'limitAmount is required with the ABSOLUTE basis' });
  if (!absolute && dto.limitPct == null) problems.push({ field: 'limitPct', message: `limitPct is required with the ${dto.basis} basis` });
  for (const [path, range] of [
    ['scope', dto.scope],
    ['scope.holdingsFilter', dto.scope.holdingsFilter],
  ] as const) {
    if (range?.naicMin != null && range.naicMax != null && range.naicMin > range.naicMax)
      problems.push({ field: `${path}.naicMax`, message: 'naicMax must not be below naicMin' });
  }
  if (dto.effectiveFrom && dto.effectiveTo && dto.effectiveTo < dto.effectiveFrom)
    problems.push({ field: 'effectiveTo', message: 'effectiveTo must not be before effectiveFrom' });
  if (problems.length) throw new InvalidFields(problems, 'limit');
  return {
    name: dto.name,
    portfolioId: portfolioId ?? null,
    scope: scopeOf(dto),
    measure: dto.measure,
    basis: dto.basis,
    limitAmountCents: absolute ? parseMoneyNumber(dto.limitAmount!) : null,
    limitPct: absolute ? null : dto.limitPct!,
    warnAtPct: dto.warnAtPct ?? 90,
    effectiveFrom: dto.effectiveFrom ?? null,
    effectiveTo: dto.effectiveTo ?? null,
    source: dto.source ?? null,
  };
}

/** Keeps only the fields of the scope's type, and the holdings filter when there is one. */
function scopeOf({ scope }: CreateLimitDto): CreateLimitDto['scope'] {
  const { naicMin, naicMax } = scope.holdingsFilter ?? {};
  const filter = naicMin && naicMax ? { holdingsFilter: { naicMin, naicMax } } : {};
  return { ...scopeFields(scope), ...filter };
}

function scopeFields(scope: CreateLimitDto['scope']): CreateLimitDto['scope'] {
  switch (scope.type) {
    case 'EACH_ISSUER_FAMILY':
      return { type: scope.type, naicMin: scope.naicMin ?? null, naicMax: scope.naicMax ?? null };
    case 'ISSUER_FAMILY':
      return { type: scope.type, issuerId: scope.issuerId };
    case 'SECTOR':
      return { type: scope.type, sector: scope.sector };
    case 'NAIC_RANGE':
      return { type: scope.type, naicMin: scope.naicMin, naicMax: scope.naicMax };
    case 'GROUP':
      return { type: scope.type, name: scope.name, issuerIds: scope.issuerIds };
    case 'PORTFOLIO':
      return { type: scope.type };
  }
}
