import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { startApp, type TestApp } from './support/app.js';
import { testTargets } from './support/databases.js';
import { mismatches, type OpenApi } from './support/openapi.js';
import { PORTFOLIO } from './support/workloads.js';

const SCRIPT = { 'X-Requested-With': 'fetch' };

/** The Set-Cookie lines of an answer, by cookie name. */
function setCookies(res: Response): Record<string, string> {
  const lines = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line]));
}

describe.each(testTargets())('the web page session on %s', (_name, target) => {
  let app: TestApp;
  beforeAll(async () => (app = await startApp(await target())));
  afterAll(() => app.close());

  /** Signs in with `key` and answers the Cookie header the browser would send to /api. */
  async function signIn(key: string): Promise<string> {
    const res = await app.anonymous().post('/api/session').set(SCRIPT).send({ apiKey: key }).expect(204);
    return setCookies(res).iem_session.split(';')[0];
  }

  it('sets an HttpOnly, SameSite=Strict cookie for /api that stands for the key, stores only its hash, and audits the sign-in', async () => {
    const res = await app.anonymous().post('/api/session').set(SCRIPT).send({ apiKey: app.keys.officer }).expect(204);
    const cookies = setCookies(res);
    expect(cookies.iem_session).toMatch(/^iem_session=[\w-]{43}; Path=\/api; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    expect(cookies.iem_signed_in).toMatch(/^iem_signed_in=1; Path=\/; Expires=[^;]+; SameSite=Strict$/);
    const cookie = cookies.iem_session.split(';')[0];
    const token = cookie.split('=')[1];
    expect(token).not.toContain(app.keys.officer);

    const me = await app.anonymous().get('/api/session').set('Cookie', cookie).expect(200);
    expect(me.body).toEqual({ email: 'officer@example.com', role: 'officer', portfolios: null });
    await app.anonymous().get('/api/portfolios').set('Cookie', cookie).expect(200);
    const stored = await app.db.reads.query('SELECT token_hash FROM sessions');
    expect(stored.map((s: { token_hash: string }) => s.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);

    const audit = await app.as('admin').get('/api/audit?entity=session').expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'session.create', actor: { email: 'officer@example.com' } });
  });

  it('refuses a change by cookie without X-Requested-With, which another site cannot send, and a sign-in without it', async () => {
    const cookie = await signIn(app.keys.admin);
    const refused = await app.anonymous().post('/api/portfolios').set('Cookie', cookie).send(PORTFOLIO).expect(403);
    expect(refused.body.message).toBe('X-Requested-With is required: a change signed in by the session cookie must come from the web page');
    await app.anonymous().post('/api/portfolios').set('Cookie', cookie).set(SCRIPT).send(PORTFOLIO).expect(201);
    await app.anonymous().post('/api/session').send({ apiKey: app.keys.admin }).expect(403);
    const viewer = await signIn(app.keys.viewer);
    await app.anonymous().post('/api/evaluations').set('Cookie', viewer).set(SCRIPT).send({}).expect(403);
  });

  it('refuses an unknown key, and the cookie once signed out, expired or its user revoked', async () => {
    await app.anonymous().post('/api/session').set(SCRIPT).send({ apiKey: 'iem_unknown' }).expect(401);

    const signedOut = await signIn(app.keys.officer);
    const out = await app.anonymous().delete('/api/session').set('Cookie', signedOut).set(SCRIPT).expect(204);
    expect(setCookies(out).iem_session).toContain('Expires=Thu, 01 Jan 1970');
    expect(setCookies(out).iem_signed_in).toContain('Expires=Thu, 01 Jan 1970');
    await app.anonymous().get('/api/session').set('Cookie', signedOut).expect(401);

    const expiring = await signIn(app.keys.officer);
    app.clock.advanceHours(12);
    try {
      await app.anonymous().get('/api/session').set('Cookie', expiring).expect(401);
    } finally {
      app.clock.advanceHours(-12);
    }

    const user = await app
      .as('admin')
      .post('/api/users')
      .send({ email: 'leaver@example.com', name: 'Leaver', role: 'officer' })
      .expect(201);
    const revoked = await signIn(user.body.apiKey);
    await app.anonymous().get('/api/session').set('Cookie', revoked).expect(200);
    await app.as('admin').delete(`/api/users/${user.body.id}`).expect(204);
    await app.anonymous().get('/api/session').set('Cookie', revoked).expect(401);
  });

  it('keeps the Authorization header as it was: when there is one it decides alone, cookie or not', async () => {
    const cookie = await signIn(app.keys.admin);
    await app.anonymous().get('/api/portfolios').set('Cookie', cookie).set('Authorization', 'Bearer nope').expect(401);
    await app.anonymous().get('/api/users').set('Cookie', cookie).set('Authorization', `Bearer ${app.keys.viewer}`).expect(403);
    const me = await app.as('viewer').get('/api/session').expect(200);
    expect(me.body).toEqual({ email: 'viewer@example.com', role: 'viewer', portfolios: null });
    await app.as('viewer').delete('/api/session').expect(204);
  });

  it('is documented: each answer with its schema, both ways of signing in on every route', async () => {
    const doc: OpenApi = (await app.anonymous().get('/docs-json').expect(200)).body;
    const session = doc.paths['/api/session'];
    expect(Object.keys(session.post.responses)).toEqual(expect.arrayContaining(['204', '400', '401', '403']));
    expect(Object.keys(session.delete.responses)).toEqual(expect.arrayContaining(['204', '401', '403']));
    const me = await app.as('officer').get('/api/session').expect(200);
    expect(mismatches(doc, session.get.responses['200'].content!['application/json'].schema!, me.body)).toEqual([]);
    expect((doc.paths['/api/breaches'].get as unknown as { security: unknown }).security).toEqual([{ bearer: [] }, { cookie: [] }]);
  });
});
