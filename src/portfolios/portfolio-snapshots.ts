import type { EntityManager } from 'typeorm';

/**
 * What portfolios need to know of holdings: whether a portfolio has a snapshot, since a snapshot's
 * amounts were converted to the base currency it had when it was uploaded. The holdings module
 * provides it (it imports portfolios, so portfolios may not import it back).
 */
export abstract class PortfolioSnapshots {
  /** The portfolio's current snapshot (its newest), or null when it has none. */
  abstract current(portfolioId: number, manager?: EntityManager): Promise<{ id: number; asOfDate: string } | null>;
}
