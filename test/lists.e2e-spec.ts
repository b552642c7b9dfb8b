import { fixture, startApp, type TestApp } from './support/app.js';
import { testTargets } from './support/databases.js';
import { PORTFOLIO } from './support/workloads.js';

const META_LEI = 'BQ4BKCS1HXDV9HN80Z93';
const oneDollar = (name: string, portfolio: string | null, scope: object) => ({
  name,
  portfolio,
  scope,
  measure: 'MARKET_VALUE',
  basis: 'ABSOLUTE',
  limitAmount: 1,
});

type Item = Record<string, unknown>;

describe.each(testTargets())('lists take limit and offset and answer {items, total} on %s', (_name, target) => {
  let app: TestApp;
  let runs: number[];
  const page = async (url: string): Promise<{ items: Item[]; total: number }> => (await app.as('admin').get(url).expect(200)).body;
  const upload = (asOfDate: string) =>
    app
      .as('officer')
      .post('/api/portfolios/LIFE-GA/holdings')
      .field('asOfDate', asOfDate)
      .attach('file', fixture('holdings/ok/basic.csv'))
      .expect(201);

  beforeAll(async () => {
    app = await startApp(await target());
    await app.as('admin').post('/api/portfolios').send(PORTFOLIO).expect(201);
    await app
      .as('admin')
      .post('/api/portfolios')
      .send({ ...PORTFOLIO, code: 'LIFE-SA', name: 'Separate Account' })
      .expect(201);
    await upload('2026-10-31');
    await upload('2026-11-30');
    await app
      .as('admin')
      .post('/api/limits')
      .send(oneDollar('Every family', null, { type: 'EACH_ISSUER_FAMILY' }))
      .expect(201);
    const energy = await app
      .as('admin')
      .post('/api/limits')
      .send(oneDollar('Energy', 'LIFE-GA', { type: 'SECTOR', sector: 'Energy' }))
      .expect(201);
    await app
      .as('admin')
      .post('/api/limits')
      .send(oneDollar('Separate account families', 'LIFE-SA', { type: 'EACH_ISSUER_FAMILY' }))
      .expect(201);
    await app.as('admin').patch(`/api/limits/${energy.body.id}`).send({ name: 'Energy sector' }).expect(200);
    const ended = await app
      .as('admin')
      .post('/api/limits')
      .send(oneDollar('Ended', null, { type: 'SECTOR', sector: 'Utilities' }))
      .expect(201);
    await app.as('admin').delete(`/api/limits/${ended.body.id}`).expect(204);
    for (const expectedDate of ['2027-06-30', '2027-03-31', '2027-09-30']) {
      await app.as('officer').post('/api/issuance/deals').send({ issuer: META_LEI, expectedDate, amount: 1000000000 }).expect(201);
    }
    for (const email of ['risk@example.com', 'cro@example.com'])
      await app.as('admin').post('/api/recipients').send({ email, portfolios: null, minSeverity: 'WARNING' }).expect(201);
    runs = [];
    for (let i = 0; i < 2; i++) runs.push((await app.as('officer').post('/api/evaluations').send({}).expect(201)).body.id);
  });
  afterAll(() => app.close());

  it('pages the limits in the database: GET /api/limits?limit=1 included', async () => {
    const names = (p: { items: Item[] }) => p.items.map((l) => l.name);
    expect(await page('/api/limits?limit=1')).toMatchObject({ items: [{ name: 'Every family', version: 1 }], total: 3 });
    expect(names(await page('/api/limits?limit=2&offset=1'))).toEqual(['Energy sector', 'Separate account families']);
    expect(await page('/api/limits?offset=3')).toEqual({ items: [], total: 3 });
    expect(await page('/api/limits?portfolio=LIFE-GA&limit=1&offset=1')).toMatchObject({
      items: [{ name: 'Energy sector', version: 2, portfolio: 'LIFE-GA' }],
      total: 2,
    });
  });

  it.each([
    ['/api/portfolios?limit=1&offset=1', (i: Item) => i.code, ['LIFE-SA'], 2],
    ['/api/users?limit=1&offset=2', (i: Item) => i.email, ['viewer@example.com'], 3],
    ['/api/scenarios?limit=2&offset=1', (i: Item) => i.name, ['full-pipeline', 'stress'], 3],
    ['/api/issuers?limit=2&offset=1', (i: Item) => i.name, ['Amazon.com Inc', 'Hyperion Data Subsidiary LLC'], 5],
    ['/api/portfolios/LIFE-GA/snapshots?limit=1&offset=1', (i: Item) => i.asOfDate, ['2026-10-31'], 2],
    ['/api/issuance/deals?limit=1&offset=1', (i: Item) => i.expectedDate, ['2027-06-30'], 3],
    ['/api/recipients?limit=1&offset=1', (i: Item) => i.email, ['cro@example.com'], 2],
    ['/api/audit?entity=portfolio&limit=1&offset=1', (i: Item) => i.entityId, ['LIFE-GA'], 2],
    ['/api/breaches?limit=2&offset=11', (i: Item) => i.kind, ['CURRENT'], 12],
    ['/api/breaches?groupBy=group&limit=2&offset=2', (i: Item) => (i.scope as Item).label, ['Meta Platforms Inc'], 3],
  ])('%s', async (url, key, expected, total) => {
    const { items, total: all } = await page(url);
    expect([items.map(key), all]).toEqual([expected, total]);
  });

  it('pages the holdings of a snapshot, the runs, the results of a run and the outbox', async () => {
    const [snapshot] = (await page('/api/portfolios/LIFE-GA/snapshots?limit=1')).items;
    const holdings = await page(`/api/snapshots/${snapshot.id}/holdings?limit=2&offset=4`);
    expect([holdings.items.map((h) => h.row), holdings.total]).toEqual([[6, 7], 6]);
    expect(await page('/api/evaluations?limit=1&offset=1')).toMatchObject({ items: [{ id: runs[0] }], total: 2 });
    const { results } = (await app.as('viewer').get(`/api/evaluations/${runs[0]}?limit=2&offset=8`).expect(200)).body;
    expect([results.items.map((r: Item) => [r.scope, r.scenario]), results.total]).toEqual([[['Amazon.com Inc', 'stress']], 9]);
    const alerts = await page('/api/alerts?limit=1&offset=1');
    expect([alerts.items.map((a) => a.to), alerts.total]).toEqual([['risk@example.com'], 2]);
  });

  it.each([
    '/api/limits',
    '/api/scenarios',
    '/api/portfolios',
    '/api/issuers',
    '/api/portfolios/LIFE-GA/snapshots',
    '/api/snapshots/1/holdings',
    '/api/issuance/deals',
    '/api/users',
    '/api/recipients',
    '/api/import-profiles',
    '/api/alerts',
    '/api/audit',
    '/api/evaluations',
    '/api/evaluations/1',
    '/api/breaches',
  ])('%s refuses a limit over 1000 and a negative offset, naming each field once', async (url) => {
    const res = await app.as('admin').get(`${url}?limit=1001&offset=-1`).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid request: limit, offset',
      details: [
        { field: 'limit', message: 'limit must not be greater than 1000' },
        { field: 'offset', message: 'offset must not be less than 0' },
      ],
    });
  });
});
