import type { ProjectionInput } from './model.js';

/**
 * The core adds cents in JS numbers, exact while every sum stays within Number.MAX_SAFE_INTEGER
 * ($90,071,992,547,409.91). Rather than BigInt in every sum of a million holdings, one bound is
 * checked before it starts: the magnitudes of everything it may add (holdings, the NAIC weighting
 * of their market value, the spread shock, every deal's largest allocation, every limit grown over
 * the horizon). No sum of the core can pass that total, so when it is safe each sum is exact.
 * The total is summed in floats on purpose: its terms are whole and non-negative, so it is exact
 * while it is safe, and once the true total passes the bound the float one passes it too.
 */
/** Where the answer documents its refusal. */
export const BEYOND_EXACT_RANGE = 'the figures of the portfolio add up past $90,071,992,547,409.91, where sums of cents stop being exact';

/** The core's own error (it knows no HTTP): the error filter answers it 422, a run records it as the portfolio's failure. */
export class BeyondExactRange extends Error {
  constructor() {
    super(
      'The figures of this portfolio add up to more than $90,071,992,547,409.91 (holdings, the allocations of its deals and its limits ' +
        'together), past which sums of cents are not exact: correct the amounts that are too large (of holdings, deals or limits)',
    );
  }
}

/** The worst designation weighs a family's market value 6 times when its designation is weighted. */
const NAIC_WEIGHT = 6;

export function requireExactRange(input: ProjectionInput, horizonMonths = input.horizonMonths): void {
  if (!(magnitudeCents(input, horizonMonths) <= Number.MAX_SAFE_INTEGER)) throw new BeyondExactRange();
}

/**
 * The scenario's FX shocks that move something (percent by currency): a shock on the base currency
 * itself, or of 0%, leaves every amount as it is.
 */
export function activeFxShocks({ portfolio, scenario }: Pick<ProjectionInput, 'portfolio' | 'scenario'>): Map<string, number> {
  const base = portfolio.baseCurrency ?? 'USD';
  return new Map(Object.entries(scenario.fxShocks ?? {}).filter(([currency, pct]) => currency !== base && pct !== 0));
}

function magnitudeCents(input: ProjectionInput, horizonMonths: number): number {
  const { portfolio, families, deals, limits, scenario } = input;
  const shock = Math.abs(scenario.spreadShockBp) / 10_000;
  // An FX shock up raises what its currency's amounts may add to (rounded up by at most a cent each).
  const shocks = activeFxShocks(input);
  const raised = (currency: string | undefined) => 1 + Math.max(0, (currency === undefined ? 0 : (shocks.get(currency) ?? 0)) / 100);
  let total = 0;
  for (const family of families)
    for (const b of family.buckets) {
      const amounts = b.parCents + b.bookCents + (1 + NAIC_WEIGHT) * b.marketCents + Math.ceil(Math.abs(b.dollarDurationCents) * shock);
      total += shocks.size === 0 ? amounts : Math.ceil(amounts * raised(b.currency)) + 3;
    }
  const allocated = scenario.issuanceMultiplier * portfolio.participationRate * scenario.participationMultiplier;
  let largestDeal = 0;
  for (const deal of deals) {
    total += Math.ceil(deal.amountCents * allocated * (shocks.size === 0 ? 1 : raised(deal.currency))) + (shocks.size === 0 ? 0 : 1);
    largestDeal = Math.max(largestDeal, deal.amountCents);
  }
  // A capacity is weighed against one whole deal.
  total += largestDeal;
  const growth = Math.max(1, (1 + scenario.assetGrowthPctPerYear / 100) ** (horizonMonths / 12));
  const assets = Math.ceil((portfolio.admittedAssetsCents + portfolio.capitalSurplusCents) * growth);
  for (const limit of limits)
    total += limit.basis === 'ABSOLUTE' ? (limit.limitAmountCents ?? 0) : Math.ceil((assets * (limit.limitPct ?? 0)) / 100);
  return total + assets;
}
