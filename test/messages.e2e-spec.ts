import { startApp, type TestApp } from './support/app.js';
import { freshSqlite, testTargets } from './support/databases.js';
import { PORTFOLIO } from './support/workloads.js';

describe.each(testTargets())('a 400 names each offending field once on %s', (_name, target) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(await target());
    await app.as('admin').post('/api/portfolios').send(PORTFOLIO).expect(201);
  });
  afterAll(() => app.close());

  it('in the message, and lists every problem of the field in details', async () => {
    const res = await app.as('officer').post('/api/breaches/1/acknowledge').send({ comment: 5 }).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid request: comment',
      details: [
        { field: 'comment', message: 'comment must be longer than or equal to 1 and shorter than or equal to 4000 characters' },
        { field: 'comment', message: 'comment must be a string' },
      ],
    });
    const two = await app.as('officer').post('/api/breaches/1/acknowledge').send({ comment: 5, group: 'yes' }).expect(400);
    expect(two.body.message).toBe('Invalid request: comment, group');
  });

  it('when the service finds the problems: two unknown issuers of a group limit', async () => {
    const limit = {
      name: 'AI hyperscalers',
      portfolio: 'LIFE-GA',
      scope: { type: 'GROUP', name: 'AI hyperscalers', issuerIds: [901, 902] },
      measure: 'PAR',
      basis: 'ABSOLUTE',
      limitAmount: 1000,
    };
    const res = await app.as('admin').post('/api/limits').send(limit).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid limit: scope',
      details: [
        { field: 'scope', message: 'issuer 901 does not exist' },
        { field: 'scope', message: 'issuer 902 does not exist' },
      ],
    });
  });

  it('for an id in the path that is not a number, named like any field', async () => {
    for (const path of ['/api/breaches/abc', '/api/evaluations/1.5', '/api/issuance/deals/x/capacity?portfolio=LIFE-GA']) {
      const res = await app.as('viewer').get(path).expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid request: id',
        details: [{ field: 'id', message: 'id must be a whole number of decimal digits' }],
      });
    }
  });

  it('when the service finds the problems: two unknown portfolios of a recipient', async () => {
    const res = await app
      .as('admin')
      .post('/api/recipients')
      .send({ email: 'risk@example.com', portfolios: ['LIFE-XX', 'LIFE-YY'], minSeverity: 'BREACH' })
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid recipient: portfolios',
      details: [
        { field: 'portfolios', message: 'portfolio LIFE-XX does not exist' },
        { field: 'portfolios', message: 'portfolio LIFE-YY does not exist' },
      ],
    });
  });
});

describe('a count in a message', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startApp(freshSqlite(), { WAIVER_MAX_DAYS: '1' })));
  afterAll(() => app.close());

  it('is singular for one: a waiver of at most 1 day', async () => {
    const res = await app.as('officer').post('/api/breaches/1/waive').send({ until: '2026-12-02', reason: 'Board approval' }).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid request: until',
      details: [{ field: 'until', message: 'until must be at most 1 day from today (WAIVER_MAX_DAYS), so on or before 2026-12-01' }],
    });
  });
});
