import { Injectable, SetMetadata, applyDecorators } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiErrors } from '../common/api-errors.js';
import { Forbidden, NotFound } from '../common/errors.js';
import { PortfolioCatalog } from './portfolio-catalog.js';
import type { Actor } from './roles.js';

/**
 * Per-portfolio permissions, in one place. A user limited to some portfolios (`portfolios` on the
 * user) sees and acts only on those: anything of another portfolio is answered as if it did not
 * exist (404, not 403, so that its existence is not revealed), and lists leave it out.
 */

export const ALL_PORTFOLIOS = 'allPortfolios';

/**
 * A route that reaches the whole service (users, recipients, audit, new portfolios, limits, emails
 * to retry): a user limited to some portfolios is refused with 403, whatever its role.
 */
export const RequireAllPortfolios = () =>
  applyDecorators(SetMetadata(ALL_PORTFOLIOS, true), ApiErrors([403, 'The key is limited to some portfolios']));

export function seesAllPortfolios(actor: Actor): boolean {
  return actor.portfolios === null;
}

export function canSee(actor: Actor, code: string): boolean {
  return actor.portfolios === null || actor.portfolios.includes(code);
}

/** 403 for a limited user: what the guard does for a route marked RequireAllPortfolios, for a check inside a service. */
export function requireAllPortfolios(actor: Actor): void {
  if (!seesAllPortfolios(actor))
    throw new Forbidden(`This needs a key for every portfolio; yours is limited to ${actor.portfolios!.join(', ')}`);
}

/** A portfolio the actor may not see does not exist for it: `what` (e.g. "Breach 12") not found. */
export function requireVisible(actor: Actor, code: string | undefined, what: string): void {
  if (code === undefined || !canSee(actor, code)) throw new NotFound(what);
}

/** What an actor may see of rows that name their portfolio by id. */
@Injectable()
export class PortfolioAccess {
  constructor(private readonly portfolios: PortfolioCatalog) {}

  /** The ids of the portfolios the actor may see; null: every portfolio. */
  async visibleIds(actor: Actor, manager?: EntityManager): Promise<number[] | null> {
    if (seesAllPortfolios(actor)) return null;
    return [...(await this.portfolios.codes(manager))].filter(([, code]) => canSee(actor, code)).map(([id]) => id);
  }

  /** A row of a portfolio (named by its id) the actor may not see does not exist for it: `what` not found. */
  async requireVisibleId(actor: Actor, portfolioId: number, what: string, manager?: EntityManager): Promise<void> {
    if (!seesAllPortfolios(actor)) requireVisible(actor, (await this.portfolios.codes(manager)).get(portfolioId), what);
  }
}
