import type { EntityManager } from 'typeorm';
import { monthNumber } from '../common/dates.js';
import { Conflict } from '../common/errors.js';
import type { DealsRepository } from './deals.repository.js';

/** More deals than a hundred years of monthly issues is a mistake (a forecast over centuries), and slows every run. */
export const MAX_DEALS_PER_ISSUER = 10_000;
/** A forecast, or the expected dates of a pipeline file, span at most ten years of month ends. */
export const MAX_PIPELINE_MONTHS = 120;

/** How many calendar months from the month of `from` to the month of `to`, both counted. */
export function monthsSpanned(from: string, to: string): number {
  return monthNumber(to) - monthNumber(from) + 1;
}

/** 409 naming the first issuer that would hold more than MAX_DEALS_PER_ISSUER deals once `adding` are stored. */
export async function requireRoomForDeals(
  stored: DealsRepository,
  tx: EntityManager,
  adding: Map<number, { name: string; deals: number }>,
): Promise<void> {
  if (!adding.size) return;
  const held = await stored.countByIssuer(tx, [...adding.keys()]);
  for (const [issuerId, { name, deals }] of adding) {
    const total = (held.get(issuerId) ?? 0) + deals;
    if (total > MAX_DEALS_PER_ISSUER)
      throw new Conflict(
        `${name} would have ${total.toLocaleString('en-US')} deals, more than the ${MAX_DEALS_PER_ISSUER.toLocaleString('en-US')} an issuer may have: ` +
          'delete deals or forecasts of it first',
      );
  }
}
