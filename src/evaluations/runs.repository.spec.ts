// The feature modules name the entities the database opens with.
import '../app.module.js';
import { PageQuery } from '../common/pagination.js';
import { TimeSlicer } from '../common/time-slice.js';
import { Database } from '../database/database.js';
import { testTargets } from '../../test/support/databases.js';
import type { EvaluationRunEntity } from './evaluation-run.entity.js';
import { RunsRepository } from './runs.repository.js';

function run(portfolios: string[] | null): Omit<EvaluationRunEntity, 'id' | 'errorId'> {
  return {
    trigger: 'MANUAL',
    scheduledFor: null,
    attempt: 1,
    owner: 'here',
    leaseUntil: null,
    startedAt: '2026-12-01T06:00:00.000Z',
    finishedAt: '2026-12-01T06:00:01.000Z',
    status: portfolios ? 'SUCCEEDED' : 'RUNNING',
    inputs: portfolios && { horizonMonths: 24, scenarios: [], portfolios: portfolios.map((portfolio) => ({ portfolio, snapshotId: 1 })) },
    counts: null,
    error: null,
  };
}

describe.each(testTargets())('the runs and their results on %s', (_name, target) => {
  let db: Database;
  let runs: RunsRepository;
  const ids: number[] = [];

  beforeAll(async () => {
    db = await Database.open(await target());
    await db.migrate();
    runs = new RunsRepository(db);
    await db.transaction(async (tx) => {
      for (const portfolios of [['LIFE-GA'], ['LIFE_NY', 'LIFE-GA'], null, []]) ids.push((await runs.insert(tx, run(portfolios))).id);
    });
  });
  afterAll(() => db?.close());

  it('pages, newest first, the runs that evaluated a portfolio of the reader, or none at all', async () => {
    const seen = async (portfolios: string[] | null) => (await runs.visiblePage(portfolios, new PageQuery()))[0].map((r) => r.id);
    expect(await seen(null)).toEqual([...ids].reverse());
    expect(await seen(['LIFE_NY'])).toEqual([ids[3], ids[2], ids[1]]);
    // "_" is no wildcard: LIFE-NY is not LIFE_NY.
    expect(await seen(['LIFE-NY'])).toEqual([ids[3], ids[2]]);
  });

  it("writes a run's results in bulk and reads them back in order, of the reader's portfolios only", async () => {
    const result = (portfolio: string, limitId: number) => ({
      portfolio,
      scenario: 'base',
      limitId,
      scopeKey: 'family:1',
      result: { limitId },
    });
    const written = [result('LIFE-GA', 1), result('LIFE_NY', 2), result('LIFE-GA', 3)];
    await db.transaction((tx) => runs.insertResults(tx, ids[1], written, new TimeSlicer()));
    const [page, total] = await runs.resultsPage(ids[1], null, { limit: 2, offset: 0 });
    expect(page.map((r) => r.result)).toEqual([{ limitId: 1 }, { limitId: 2 }]);
    expect(total).toBe(3);
    expect((await runs.someResults(ids[1], ['LIFE-GA'], 10, 1)).map((r) => r.limitId)).toEqual([3]);
    expect(await runs.someResults(ids[0], null, 10, 0)).toEqual([]);
  });
});
