import type { EntityManager } from 'typeorm';

/**
 * What auth needs to know of portfolios: which exist, by id and code. The portfolios module
 * provides it (it imports auth for its guards, so auth may not import it back).
 */
export abstract class PortfolioCatalog {
  /** Portfolio id -> code, for views that show codes of rows that keep ids. */
  abstract codes(manager?: EntityManager): Promise<Map<number, string>>;

  /** The codes, each once; a 400 naming `portfolios` for each that does not exist (`entity` names the thing being written). */
  abstract requireKnown(manager: EntityManager, codes: string[], entity: string): Promise<string[]>;
}
