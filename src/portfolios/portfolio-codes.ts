import { In, type EntityManager } from 'typeorm';
import { InvalidFields } from '../common/errors.js';
import { PortfolioEntity } from './portfolio.entity.js';

/** Portfolio id -> code, for views that show codes of rows that keep ids. */
export async function portfolioCodes(manager: EntityManager): Promise<Map<number, string>> {
  const portfolios = await manager.getRepository(PortfolioEntity).find({ select: { id: true, code: true } });
  return new Map(portfolios.map((p) => [p.id, p.code]));
}

/** The codes, each once; a 400 naming `portfolios` for each that does not exist (`entity` names the thing being written). */
export async function knownPortfolios(manager: EntityManager, codes: string[], entity: string): Promise<string[]> {
  const wanted = [...new Set(codes)];
  const found = new Set((await manager.getRepository(PortfolioEntity).findBy({ code: In(wanted) })).map((p) => p.code));
  const unknown = wanted.filter((code) => !found.has(code));
  if (unknown.length) {
    throw new InvalidFields(
      unknown.map((code) => ({ field: 'portfolios', message: `portfolio ${code} does not exist` })),
      entity,
    );
  }
  return wanted;
}
