import { testTargets } from './support/databases.js';
import { ADMIN_KEY, startApp, type TestApp } from './support/app.js';

const portfolio = {
  code: 'LIFE-GA',
  name: 'General Account',
  baseCurrency: 'USD',
  admittedAssets: 40000000000,
  capitalAndSurplus: 3200000000.01,
  participationRate: 0.004,
};

describe.each(testTargets())('users, roles, portfolios and audit on %s', (_name, target) => {
  let app: TestApp;
  beforeAll(async () => (app = await startApp(await target())));
  afterAll(() => app.close());

  describe('authentication', () => {
    it('refuses a missing or unknown key with 401 and a known key without the role with 403', async () => {
      expect((await app.anonymous().get('/api/portfolios')).status).toBe(401);
      expect((await app.anonymous().get('/api/portfolios').set('Authorization', 'Bearer nope')).status).toBe(401);
      const forbidden = await app.as('viewer').post('/api/portfolios').send(portfolio);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'This needs the admin role; your key has viewer' });
      expect((await app.as('officer').get('/api/users')).status).toBe(403);
      expect((await app.as('officer').get('/api/audit')).status).toBe(403);
    });

    it('does not open /api to a differently spelt path', async () => {
      for (const path of ['/API/users', '/Api/audit', '/api/Users']) {
        expect([path, (await app.anonymous().get(path)).status]).toEqual([path, 401]);
      }
      expect((await app.anonymous().post('/API/portfolios').send({})).status).toBe(401);
    });

    it('leaves /health and /docs open', async () => {
      const health = await app.anonymous().get('/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, mail: { status: 'up', transport: 'file' } } });
      expect((await app.anonymous().get('/docs-json')).body.paths).toHaveProperty(['/api/portfolios/{code}/holdings']);
      expect((await app.anonymous().get('/docs/')).status).toBe(200);
    });

    it('creates keys of at least 32 random bytes, stores only their hash, and revokes them at once', async () => {
      const created = await app
        .as('admin')
        .post('/api/users')
        .send({ email: 'Temp@Example.com', name: 'Temp', role: 'officer' })
        .expect(201);
      expect(created.body).toMatchObject({ email: 'temp@example.com', role: 'officer' });
      expect(Buffer.from(created.body.apiKey.replace(/^iem_/, ''), 'base64url').length).toBeGreaterThanOrEqual(32);
      const stored = await app.db.reads.query(
        'SELECT key_hash FROM users WHERE email = $1'.replace('$1', app.db.kind === 'sqlite' ? '?' : '$1'),
        ['temp@example.com'],
      );
      expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(created.body.apiKey);
      const key = created.body.apiKey;
      expect((await app.anonymous().get('/api/portfolios').set('Authorization', `Bearer ${key}`)).status).toBe(200);
      await app.as('admin').delete(`/api/users/${created.body.id}`).expect(204);
      expect((await app.anonymous().get('/api/portfolios').set('Authorization', `Bearer ${key}`)).status).toBe(401);
      const users = await app.as('admin').get('/api/users').expect(200);
      expect(users.body.items.map((u: { email: string }) => u.email)).toEqual([
        'admin@localhost',
        'officer@example.com',
        'viewer@example.com',
      ]);
    });

    it('keeps at least one admin', async () => {
      const res = await app.as('admin').delete('/api/users/1');
      expect(res.status).toBe(409);
      expect((await app.anonymous().get('/api/users').set('Authorization', `Bearer ${ADMIN_KEY}`)).status).toBe(200);
    });

    it('refuses a second active user with the same email', async () => {
      const res = await app.as('admin').post('/api/users').send({ email: 'officer@example.com', name: 'Again', role: 'viewer' });
      expect(res.status).toBe(409);
    });
  });

  describe('portfolios', () => {
    it('are created by an admin, with money exact to the cent', async () => {
      const res = await app.as('admin').post('/api/portfolios').send(portfolio).expect(201);
      expect(res.body).toMatchObject({ ...portfolio });
      expect((await app.as('viewer').get('/api/portfolios/LIFE-GA').expect(200)).body.capitalAndSurplus).toBe(3200000000.01);
    });

    it('name every offending field in a 400', async () => {
      const res = await app
        .as('admin')
        .post('/api/portfolios')
        .send({
          ...portfolio,
          code: 'bad code!',
          admittedAssets: -1,
          capitalAndSurplus: 1.001,
          participationRate: 2,
          baseCurrency: 'EURO',
          extra: 1,
        });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'admittedAssets',
        'baseCurrency',
        'capitalAndSurplus',
        'code',
        'extra',
        'participationRate',
      ]);
      expect(await app.count('portfolios')).toBe(1);
    });

    it('refuses a duplicate code with 409 and an unknown one with 404', async () => {
      expect((await app.as('admin').post('/api/portfolios').send(portfolio)).status).toBe(409);
      expect((await app.as('viewer').get('/api/portfolios/NOPE')).body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'Portfolio NOPE not found',
      });
    });

    it('are updated by PATCH, and the change is audited with before and after', async () => {
      const res = await app
        .as('admin')
        .patch('/api/portfolios/LIFE-GA')
        .send({ participationRate: 0.005, admittedAssets: 41000000000.5 })
        .expect(200);
      expect(res.body).toMatchObject({ participationRate: 0.005, admittedAssets: 41000000000.5, capitalAndSurplus: 3200000000.01 });
      const audit = await app.as('admin').get('/api/audit?entity=portfolio').expect(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'portfolio.update',
        entityId: 'LIFE-GA',
        actor: { email: 'admin@localhost' },
        before: { participationRate: 0.004, admittedAssets: 40000000000 },
        after: { participationRate: 0.005, admittedAssets: 41000000000.5 },
      });
    });

    it('a malformed JSON body is a 400 with the error shape', async () => {
      const res = await app.as('admin').post('/api/portfolios').set('Content-Type', 'application/json').send('{"code":');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'The request body is not valid JSON' });
    });
  });

  it('the bootstrap admin key is the configured one', async () => {
    expect((await app.anonymous().get('/api/users').set('Authorization', `Bearer ${ADMIN_KEY}`)).status).toBe(200);
  });
});
