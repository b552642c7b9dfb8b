import { jest } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Response, Test } from 'supertest';
import type { Role } from '../src/auth/roles.js';
import { fixture, startApp, type TestApp } from './support/app.js';
import { freshSqlite, testTargets } from './support/databases.js';
import { mismatches, routeOf, routesOf, type OpenApi, type Route } from './support/openapi.js';
import { PORTFOLIO } from './support/workloads.js';

const needsKey = (path: string) => path.startsWith('/api/') || path === '/metrics';

/** What a route's documentation lacks: a success answer with a schema, a schema for each error, 401 behind a key, 413 and 422 on an upload. */
function gaps({ name, path, operation }: Route): string[] {
  const statuses = Object.keys(operation.responses);
  const withoutSchema = statuses.filter((s) => s !== '204' && !Object.values(operation.responses[s].content ?? {}).some((c) => c.schema));
  const isUpload = !!operation.requestBody?.content['multipart/form-data'];
  return [
    ...(statuses.some((s) => s.startsWith('2')) ? [] : [`${name}: no 2xx answer`]),
    ...withoutSchema.map((s) => `${name}: ${s} has no schema`),
    ...(needsKey(path) && !statuses.includes('401') ? [`${name}: no 401`] : []),
    ...(isUpload && !(statuses.includes('413') && statuses.includes('422')) ? [`${name}: an upload without 413 and 422`] : []),
  ];
}

/** What an answer shows that its route's documentation does not: its status, its content type, or its body. */
function undocumented(doc: OpenApi, method: string, url: string, res: Response): string[] {
  const call = `${method.toUpperCase()} ${url}`;
  const route = routeOf(doc, method, url);
  if (!route) return [`${call}: no such route in the document`];
  const documented = route.operation.responses[String(res.status)];
  if (!documented) return [`${call} answered ${res.status}, which is not documented`];
  if (res.status === 204) return documented.content ? [`${call}: 204 is documented with content`] : [];
  const schema = documented.content?.[res.type]?.schema;
  if (!schema) return [`${call} answered ${res.status} as ${res.type}, which is not documented`];
  return res.type === 'application/json' ? mismatches(doc, schema, res.body).map((m) => `${call} ${res.status}: ${m}`) : [];
}

describe('the OpenAPI document', () => {
  let app: TestApp;
  let doc: OpenApi;
  beforeAll(async () => {
    app = await startApp(freshSqlite());
    doc = (await app.anonymous().get('/docs-json').expect(200)).body;
  });
  afterAll(() => app.close());

  it('is valid OpenAPI 3, with every reference resolved', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('gives every route a success answer with a schema, a schema to each error, and a 401 to each route behind a key', () => {
    const routes = routesOf(doc);
    expect(routes.length).toBeGreaterThanOrEqual(48);
    expect(routes.flatMap(gaps)).toEqual([]);
  });

  it('documents the error shape once, with field problems for a 400 and row problems for a 422', () => {
    const { schemas } = doc.components;
    expect(Object.keys(schemas.ErrorView.properties!)).toEqual(['statusCode', 'error', 'message', 'errorId']);
    expect(schemas.ErrorView.required).toEqual(['statusCode', 'error', 'message']);
    expect(schemas.InvalidRequestView.properties!.details).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/FieldProblemView' },
    });
    expect(schemas.InvalidFileView.properties!.details).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/RowProblemView' },
    });
    expect(doc.paths['/api/portfolios/{code}/holdings'].post.responses['422'].content!['application/json'].schema).toEqual({
      $ref: '#/components/schemas/InvalidFileView',
    });
    expect(doc.paths['/api/limits'].get.responses['400'].content!['application/json'].schema).toEqual({
      $ref: '#/components/schemas/InvalidRequestView',
    });
    expect(doc.paths['/api/limits'].get.responses['200'].content!['application/json'].schema).toEqual({
      $ref: '#/components/schemas/LimitPage',
    });
    expect(schemas.LimitPage).toMatchObject({
      required: ['items', 'total'],
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/LimitView' } }, total: { type: 'number' } },
    });
  });
});

describe.each(testTargets())('answers as the OpenAPI document describes them, on %s', (_name, target) => {
  type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
  let app: TestApp;
  let doc: OpenApi;
  const problems: string[] = [];

  /** A request by a user of `role` (null: no key) that must answer `status`, its answer checked against the document. */
  async function ask(
    role: Role | null,
    method: Method,
    url: string,
    status: number,
    build: (test: Test) => Test = (test) => test,
  ): Promise<Response> {
    const res = await build(role ? app.as(role)[method](url) : app.anonymous()[method](url));
    expect([method, url, res.status]).toEqual([method, url, status]);
    problems.push(...undocumented(doc, method, url, res));
    return res;
  }
  const upload = (file: string, asOfDate?: string) => (test: Test) =>
    (asOfDate ? test.field('asOfDate', asOfDate) : test).attach('file', fixture(file));

  beforeAll(async () => {
    app = await startApp(await target());
    doc = (await app.anonymous().get('/docs-json').expect(200)).body;
  });
  afterAll(() => app.close());
  afterEach(() => expect(problems.splice(0)).toEqual([]));

  it('portfolios, holdings and issuers', async () => {
    await ask(null, 'get', '/api/portfolios', 401);
    await ask('viewer', 'post', '/api/portfolios', 403, (t) => t.send(PORTFOLIO));
    await ask('admin', 'post', '/api/portfolios', 400, (t) => t.send({ ...PORTFOLIO, code: 'bad code!', participationRate: 2 }));
    await ask('admin', 'post', '/api/portfolios', 201, (t) => t.send(PORTFOLIO));
    await ask('admin', 'post', '/api/portfolios', 409, (t) => t.send(PORTFOLIO));
    await ask('admin', 'patch', '/api/portfolios/LIFE-GA', 200, (t) => t.send({ name: 'General Account (US)' }));
    await ask('viewer', 'get', '/api/portfolios/LIFE-XX', 404);
    await ask('viewer', 'get', '/api/portfolios/LIFE-GA', 200);
    await ask('viewer', 'get', '/api/portfolios?limit=1', 200);
    await ask('officer', 'post', '/api/portfolios/LIFE-GA/holdings', 422, upload('holdings/bad/negative-par.csv', '2026-11-30'));
    await ask('officer', 'post', '/api/portfolios/LIFE-GA/holdings', 201, upload('holdings/ok/basic.csv', '2026-11-30'));
    await ask('officer', 'post', '/api/portfolios/LIFE-GA/holdings', 200, upload('holdings/ok/basic.csv', '2026-11-30'));
    const snapshots = await ask('viewer', 'get', '/api/portfolios/LIFE-GA/snapshots', 200);
    await ask('viewer', 'get', `/api/snapshots/${snapshots.body.items[0].id}/holdings?offset=1`, 200);
    await ask('viewer', 'get', '/api/snapshots/x/holdings', 400);
    await ask('admin', 'post', '/api/issuers/hierarchy', 201, upload('hierarchy/beignet-economic.csv'));
    await ask('admin', 'post', '/api/issuers/hierarchy', 201, upload('hierarchy/gleif/relationships.csv'));
    await ask('admin', 'post', '/api/issuers/hierarchy', 422, upload('hierarchy/gleif/relationships-without-status.csv'));
    const issuers = (await ask('viewer', 'get', '/api/issuers', 200)).body.items as Array<{ id: number; name: string }>;
    const id = (name: string) => issuers.find((i) => i.name === name)!.id;
    await ask('viewer', 'get', `/api/issuers/${id('Hyperion Data Subsidiary LLC')}`, 200);
    await ask('admin', 'put', `/api/issuers/${id('Hyperion Data Subsidiary LLC')}/parent`, 200, (t) =>
      t.send({ parentIssuerId: id('Meta Platforms Inc'), kind: 'ECONOMIC' }),
    );
    await ask('admin', 'put', `/api/issuers/${id('Meta Platforms Inc')}/parent`, 409, (t) =>
      t.send({ parentIssuerId: id('Hyperion Data Subsidiary LLC'), kind: 'ECONOMIC' }),
    );
    await ask('admin', 'patch', `/api/issuers/${id('Meta Platforms Inc')}`, 200, (t) => t.send({ limitExempt: false }));
    await ask('admin', 'patch', `/api/issuers/${id('Meta Platforms Inc')}`, 400, (t) => t.send({ limitExempt: 'no' }));
    await ask('admin', 'patch', '/api/issuers/999999', 404, (t) => t.send({ limitExempt: true }));
  });

  it('limits, deals and scenarios', async () => {
    const limit = {
      name: 'One dollar a family',
      portfolio: null,
      scope: { type: 'EACH_ISSUER_FAMILY' },
      measure: 'MARKET_VALUE',
      basis: 'ABSOLUTE',
      limitAmount: 1,
      source: 'Test policy 1',
    };
    const created = await ask('admin', 'post', '/api/limits', 201, (t) => t.send(limit));
    const ended = await ask('admin', 'post', '/api/limits', 201, (t) =>
      t.send({ ...limit, name: 'Ended', portfolio: 'LIFE-GA', effectiveTo: '2027-01-31' }),
    );
    await ask('admin', 'patch', `/api/limits/${created.body.id}`, 200, (t) => t.send({ warnAtPct: 80 }));
    await ask('viewer', 'get', `/api/limits/${created.body.id}`, 200);
    await ask('viewer', 'get', '/api/limits?limit=1&offset=1&portfolio=LIFE-GA', 200);
    await ask('admin', 'delete', `/api/limits/${ended.body.id}`, 204);
    const deal = await ask('officer', 'post', '/api/issuance/deals', 201, (t) =>
      t.send({ issuer: 'BQ4BKCS1HXDV9HN80Z93', expectedDate: '2027-03-15', amount: 1000000000, probability: 0.5 }),
    );
    await ask('officer', 'patch', `/api/issuance/deals/${deal.body.id}`, 200, (t) => t.send({ notes: 'Rumoured' }));
    await ask('viewer', 'get', `/api/issuance/deals/${deal.body.id}`, 200);
    await ask('officer', 'post', '/api/issuance/forecasts', 201, (t) =>
      t.send({ issuer: 'Alphabet Inc', from: '2027-01-01', to: '2027-03-31', annualAmount: 12000000000 }),
    );
    await ask('officer', 'post', '/api/issuance/deals/upload', 201, upload('issuance/pipeline.csv'));
    await ask('viewer', 'get', '/api/issuance/deals?limit=5', 200);
    await ask('officer', 'delete', `/api/issuance/deals/${deal.body.id}`, 204);
    await ask('officer', 'get', `/api/issuance/deals/${deal.body.id}`, 404);
    await ask('admin', 'post', '/api/scenarios', 201, (t) => t.send({ name: 'mild', spreadShockBp: 10 }));
    await ask('admin', 'patch', '/api/scenarios/mild', 200, (t) => t.send({ probabilityOverride: null }));
    await ask('admin', 'patch', '/api/scenarios/base', 409, (t) => t.send({ spreadShockBp: 10 }));
    await ask('viewer', 'get', '/api/scenarios', 200);
  });

  it('evaluations, breaches, reports and alerts', async () => {
    await ask('admin', 'post', '/api/recipients', 201, (t) =>
      t.send({ email: 'risk@example.com', portfolios: null, minSeverity: 'WARNING' }),
    );
    const gone = await ask('admin', 'post', '/api/recipients', 201, (t) =>
      t.send({ email: 'gone@example.com', portfolios: ['LIFE-GA'], minSeverity: 'BREACH' }),
    );
    await ask('admin', 'delete', `/api/recipients/${gone.body.id}`, 204);
    await ask('admin', 'get', '/api/recipients', 200);
    await ask('officer', 'post', '/api/evaluations', 404, (t) => t.send({ portfolios: ['LIFE-XX'] }));
    const run = await ask('officer', 'post', '/api/evaluations', 201, (t) => t.send({ scenarios: ['base', 'mild'] }));
    await ask('viewer', 'get', '/api/evaluations', 200);
    await ask('viewer', 'get', `/api/evaluations/${run.body.id}?limit=2`, 200);
    for (const format of ['json', 'csv', 'html'])
      await ask('viewer', 'get', `/api/evaluations/${run.body.id}/report?format=${format}`, 200);
    await ask('viewer', 'get', `/api/evaluations/${run.body.id}/report?format=pdf`, 400);
    await ask('viewer', 'get', '/api/breaches?groupBy=group', 200);
    const breaches = (await ask('viewer', 'get', '/api/breaches?kind=CURRENT', 200)).body.items as Array<{ id: number }>;
    expect(breaches.length).toBeGreaterThanOrEqual(3);
    const [first, second, third] = breaches.map((b) => b.id);
    await ask('officer', 'post', `/api/breaches/${first}/acknowledge`, 200, (t) => t.send({ comment: 'Seen; reducing' }));
    await ask('officer', 'post', `/api/breaches/${first}/acknowledge`, 409, (t) => t.send({ comment: 'Again' }));
    await ask('officer', 'post', `/api/breaches/${first}/comments`, 201, (t) => t.send({ text: 'Sale booked' }));
    await ask('officer', 'post', `/api/breaches/${second}/waive`, 200, (t) => t.send({ until: '2026-12-31', reason: 'Board approval' }));
    await ask('officer', 'post', `/api/breaches/${second}/waiver/approve`, 403);
    await ask('admin', 'post', `/api/breaches/${second}/waiver/approve`, 200);
    await ask('officer', 'post', `/api/breaches/${third}/waive`, 400, (t) => t.send({ until: '2027-12-31', reason: 'Too long' }));
    await ask('officer', 'post', `/api/breaches/${third}/waive`, 200, (t) => t.send({ until: '2026-12-31', reason: 'Board approval' }));
    await ask('admin', 'post', `/api/breaches/${third}/waiver/reject`, 200, (t) => t.send({ reason: 'Not without a plan' }));
    await ask('viewer', 'get', `/api/breaches/${second}`, 200);
    await ask('viewer', 'get', '/api/breaches/999999', 404);
    const alerts = await ask('viewer', 'get', '/api/alerts', 200);
    await ask('admin', 'post', `/api/alerts/${alerts.body.items[0].id}/retry`, 409, (t) => t.send({ reason: 'Try again' }));
  });

  it('exposures and deal capacity', async () => {
    await ask('viewer', 'get', '/api/portfolios/LIFE-GA/exposures?scenario=stress&horizon=12', 200);
    await ask('viewer', 'get', '/api/portfolios/LIFE-GA/exposures?scenario=armageddon', 404);
    await ask('viewer', 'get', '/api/portfolios/LIFE-GA/exposures?horizon=121', 400);
    const upcoming = await ask('officer', 'post', '/api/issuance/deals', 201, (t) =>
      t.send({ issuer: 'Oracle Corp', expectedDate: '2027-06-15', amount: 5000000000 }),
    );
    const held = await ask('officer', 'post', '/api/issuance/deals', 201, (t) =>
      t.send({ issuer: 'Oracle Corp', expectedDate: '2026-10-15', amount: 5000000000 }),
    );
    await ask('viewer', 'get', `/api/issuance/deals/${upcoming.body.id}/capacity?portfolio=LIFE-GA`, 200);
    await ask('viewer', 'get', `/api/issuance/deals/${upcoming.body.id}/capacity`, 400);
    await ask('viewer', 'get', `/api/issuance/deals/${held.body.id}/capacity?portfolio=LIFE-GA`, 422);
    await ask('viewer', 'get', `/api/issuance/deals/999999/capacity?portfolio=LIFE-GA`, 404);
    const trades = [{ issuer: 'Oracle Corp', side: 'BUY', marketValue: 1000000 }];
    await ask('officer', 'post', '/api/portfolios/LIFE-GA/what-if', 200, (t) => t.send({ trades, horizonMonths: 12 }));
    await ask('officer', 'post', '/api/portfolios/LIFE-GA/what-if', 400, (t) => t.send({ trades: [{ ...trades[0], side: 'HOLD' }] }));
    await ask('officer', 'post', '/api/portfolios/LIFE-XX/what-if', 404, (t) => t.send({ trades }));
    await ask('viewer', 'post', '/api/portfolios/LIFE-GA/what-if', 403, (t) => t.send({ trades }));
  });

  it('users, audit, metrics and health, up and down', async () => {
    const user = await ask('admin', 'post', '/api/users', 201, (t) => t.send({ email: 'temp@example.com', name: 'Temp', role: 'viewer' }));
    await ask('admin', 'get', '/api/users', 200);
    await ask('officer', 'get', '/api/users', 403);
    await ask('admin', 'patch', `/api/users/${user.body.id}`, 200, (t) => t.send({ name: 'Temp Two', portfolios: null }));
    await ask('admin', 'post', `/api/users/${user.body.id}/key`, 201, (t) => t.send({ reason: 'Pasted into a ticket' }));
    await ask('officer', 'post', `/api/users/${user.body.id}/key`, 403);
    await ask('admin', 'delete', `/api/users/${user.body.id}`, 204);
    await ask('admin', 'delete', '/api/users/1', 409);
    await ask('admin', 'get', '/api/audit?entity=limit', 200);
    await ask('viewer', 'get', '/metrics', 200);
    await ask(null, 'get', '/metrics', 401);
    await ask(null, 'get', '/health', 200);
    jest.spyOn(app.db.reads, 'query').mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
    await ask(null, 'get', '/health', 503);
  });

  it('import profiles, and an upload through one', async () => {
    const profile = {
      name: 'custodian-eu',
      columns: { isin: 'ISIN', issuer_name: 'Emittent', par_value: 'Nominal', market_value: 'Kurswert', maturity_date: 'Fälligkeit' },
      dateFormat: 'DD.MM.YYYY',
      numberFormat: '1.234,56',
    };
    await ask('officer', 'post', '/api/import-profiles', 403, (t) => t.send(profile));
    await ask('admin', 'post', '/api/import-profiles', 400, (t) => t.send({ ...profile, dateFormat: 'DD.MM.YYY' }));
    await ask('admin', 'post', '/api/import-profiles', 201, (t) => t.send(profile));
    await ask('admin', 'post', '/api/import-profiles', 409, (t) => t.send(profile));
    await ask('viewer', 'get', '/api/import-profiles?limit=1', 200);
    await ask('viewer', 'get', '/api/import-profiles/custodian-eu', 200);
    await ask('viewer', 'get', '/api/import-profiles/nope', 404);
    await ask('admin', 'put', '/api/import-profiles/custodian-eu', 200, (t) =>
      t.send({ ...profile, name: undefined, include: { column: 'Währung', values: ['USD'] } }),
    );
    const through = (name: string) => (t: Test) => upload('holdings/profiles/european.csv', '2026-11-30')(t.field('profile', name));
    await ask('officer', 'post', '/api/portfolios/LIFE-GA/holdings', 404, through('nope'));
    await ask('officer', 'post', '/api/portfolios/LIFE-GA/holdings', 201, through('custodian-eu'));
    await ask('admin', 'delete', '/api/import-profiles/custodian-eu', 204);
  });

  it('limit presets, and a deal with its own designation', async () => {
    await ask('viewer', 'get', '/api/limit-presets?limit=5', 200);
    const apply = '/api/limit-presets/naic-model-280-life/apply';
    await ask('officer', 'post', apply, 403, (t) => t.send({ portfolio: 'LIFE-GA' }));
    await ask('admin', 'post', apply, 400, (t) => t.send({}));
    await ask('admin', 'post', '/api/limit-presets/nope/apply', 404, (t) => t.send({ portfolio: null }));
    await ask('admin', 'post', apply, 201, (t) => t.send({ portfolio: 'LIFE-GA' }));
    await ask('admin', 'post', apply, 409, (t) => t.send({ portfolio: 'LIFE-GA' }));
    await ask('officer', 'post', '/api/issuance/deals', 201, (t) =>
      t.send({ issuer: 'Oracle Corp', expectedDate: '2027-06-15', amount: 1000000, naicDesignation: '4.B' }),
    );
    await ask('officer', 'post', '/api/issuance/deals', 400, (t) =>
      t.send({ issuer: 'Oracle Corp', expectedDate: '2027-06-15', amount: 1000000, naicDesignation: 'NAIC 7' }),
    );
    await ask('viewer', 'get', '/api/portfolios/LIFE-GA/exposures', 200);
  });
});
