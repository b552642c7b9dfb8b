import type { EntityManager } from 'typeorm';
import { PortfolioEntity } from './portfolio.entity.js';

/** Portfolio id -> code, for views that show codes of rows that keep ids. */
export async function portfolioCodes(manager: EntityManager): Promise<Map<number, string>> {
  const portfolios = await manager.getRepository(PortfolioEntity).find({ select: { id: true, code: true } });
  return new Map(portfolios.map((p) => [p.id, p.code]));
}
