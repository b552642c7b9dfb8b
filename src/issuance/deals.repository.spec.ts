// The feature modules name the entities the database opens with.
import '../app.module.js';
import { Conflict } from '../common/errors.js';
import { Database } from '../database/database.js';
import { testTargets } from '../../test/support/databases.js';
import { MAX_DEALS_PER_ISSUER, requireRoomForDeals } from './deal-bounds.js';
import type { DealEntity } from './deal.entity.js';
import { DealsRepository } from './deals.repository.js';

const NOW = '2026-01-01T00:00:00.000Z';

function deal(issuerId: number, expectedDate: string, forecastId: number | null = null): Omit<DealEntity, 'id'> {
  return {
    issuerId,
    expectedDate,
    amountCents: 100_00,
    currency: 'USD',
    probability: 1,
    tenorYears: null,
    naicDesignation: null,
    source: null,
    notes: null,
    forecastId,
    createdAt: NOW,
    updatedAt: NOW,
  };
}

describe.each(testTargets())('the deals repository on %s', (_name, target) => {
  let db: Database;
  let deals: DealsRepository;

  beforeAll(async () => {
    db = await Database.open(await target());
    await db.migrate();
    deals = new DealsRepository(db);
    await db.transaction((tx) =>
      deals.saveAll(tx, [deal(1, '2026-03-31'), deal(2, '2026-01-31'), deal(1, '2026-02-28'), deal(3, '2026-02-28')], 2),
    );
  });
  afterAll(() => db?.close());

  it('saves many deals in chunks and answers them with their ids; reads them all by id, or one', async () => {
    const all = await deals.all();
    expect(all.map((d) => [d.id, d.issuerId])).toEqual([
      [1, 1],
      [2, 2],
      [3, 1],
      [4, 3],
    ]);
    expect(await deals.find(2)).toMatchObject({ issuerId: 2, expectedDate: '2026-01-31', amountCents: 100_00 });
    expect(await deals.find(99)).toBeNull();
  });

  it('counts the deals of each issuer asked for, leaving out those without any', async () => {
    const counted = await db.transaction((tx) => deals.countByIssuer(tx, [1, 3, 7]));
    expect([...counted].sort()).toEqual([
      [1, 2],
      [3, 1],
    ]);
  });

  it('pages the deals of some issuers, or of all, by expected date then id', async () => {
    const [some, someTotal] = await deals.pageOf([1, 3], { limit: 2, offset: 0 });
    expect(some.map((d) => d.id)).toEqual([3, 4]);
    expect(someTotal).toBe(3);
    const [rest, total] = await deals.pageOf(undefined, { limit: 10, offset: 1 });
    expect(rest.map((d) => d.id)).toEqual([3, 4, 1]);
    expect(total).toBe(4);
  });

  it('stores a forecast, whose id its deals name', async () => {
    const forecast = await db.transaction(async (tx) => {
      const saved = await deals.saveForecast(tx, {
        issuerId: 5,
        from: '2026-01-01',
        to: '2026-12-31',
        currency: 'USD',
        annualAmountCents: 1200_00,
        probability: 0.5,
        createdAt: NOW,
      });
      await deals.saveAll(tx, [deal(5, '2026-01-31', saved.id)]);
      return saved;
    });
    expect(forecast.id).toBe(1);
    expect((await deals.all()).at(-1)).toMatchObject({ issuerId: 5, forecastId: forecast.id });
  });

  it('refuses deals that would take an issuer past the most it may have, counting those it has', async () => {
    const adding = (issuerId: number, n: number) => new Map([[issuerId, { name: 'Acme', deals: n }]]);
    await db.transaction((tx) => requireRoomForDeals(deals, tx, adding(1, MAX_DEALS_PER_ISSUER - 2)));
    await db.transaction((tx) => requireRoomForDeals(deals, tx, new Map()));
    await expect(db.transaction((tx) => requireRoomForDeals(deals, tx, adding(1, MAX_DEALS_PER_ISSUER - 1)))).rejects.toThrow(
      new Conflict('Acme would have 10,001 deals, more than the 10,000 an issuer may have: delete deals or forecasts of it first'),
    );
  });
});
