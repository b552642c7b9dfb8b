import type { Response } from 'supertest';
import { startApp, type TestApp } from './support/app.js';
import { freshSqlite, testTargets } from './support/databases.js';
import { GROUPS, IdentityProvider, signInAtProvider, ssoEnv, type Account } from './support/identity-provider.js';

/** Nothing listens there: the tests call the callback themselves, as the browser would. */
const PUBLIC_URL = 'http://127.0.0.1:9';
const CALLBACK = `${PUBLIC_URL}/api/auth/oidc/callback`;
const PASSWORD = 'correct horse battery staple';

const person = (email: string, name: string, groups: string[], more: Partial<Account> = {}): Account => ({
  password: PASSWORD,
  email,
  name,
  groups,
  ...more,
});

/** The Set-Cookie lines of an answer, by cookie name. */
function setCookies(res: Response): Record<string, string> {
  const lines = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line]));
}

const pair = (line: string) => line.split(';')[0];

describe.each(testTargets())('single sign-on answers, checked, on %s', (_name, target) => {
  let provider: IdentityProvider;
  let app: TestApp;
  const accounts: Record<string, Account> = {
    olivia: person('olivia.officer@insurer.example', 'Olivia Officer', [GROUPS.officers, 'all-staff']),
    victor: person('victor.viewer@insurer.example', 'Victor Viewer', [GROUPS.viewers]),
    nora: person('nora@insurer.example', 'Nora Nogroup', ['marketing']),
    mover: person('mover@insurer.example', 'Morgan Mover', [GROUPS.officers]),
    keyed: person('Keyed.User@insurer.example', 'Kim Keyed', [GROUPS.viewers]),
    unverified: person('taken@insurer.example', 'Tom Taken', [GROUPS.officers], { emailVerified: false }),
    leaver: person('leaver@insurer.example', 'Lee Leaver', [GROUPS.officers]),
    moved: person('moved@insurer.example', 'Max Moved', [GROUPS.officers]),
  };

  beforeAll(async () => {
    provider = await IdentityProvider.start({ redirectUri: CALLBACK, accounts, claimsInUserinfo: false });
    app = await startApp(await target(), { ...ssoEnv(provider), PUBLIC_URL });
  });
  afterAll(async () => {
    await app?.close();
    await provider?.stop();
  });
  afterEach(() => {
    provider.tamper = null;
    provider.foreignKey = false;
  });

  /** Starts a sign-in as the browser would: the provider's URL and the flow cookie. */
  async function begin(returnTo = '/breaches'): Promise<{ url: URL; flow: string }> {
    const res = await app
      .anonymous()
      .get(`/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`)
      .expect(302);
    return { url: new URL(res.headers.location), flow: pair(setCookies(res).iem_sso_flow) };
  }

  /** The provider's answer for `login`, and the flow cookie of the sign-in it answers. */
  async function answered(login: string, returnTo?: string): Promise<{ callback: URL; flow: string }> {
    const { url, flow } = await begin(returnTo);
    return { callback: await signInAtProvider(url.href, login, PASSWORD), flow };
  }

  function back(callback: URL, cookie?: string) {
    const req = app.anonymous().get(`${callback.pathname}${callback.search}`);
    return cookie ? req.set('Cookie', cookie) : req;
  }

  async function signIn(login: string, returnTo?: string): Promise<Response> {
    const { callback, flow } = await answered(login, returnTo);
    return back(callback, flow);
  }

  /** Signed in: the callback's 303 and its cookies. */
  async function signedIn(login: string, returnTo?: string): Promise<Response> {
    const res = await signIn(login, returnTo);
    expect([login, res.status, res.text]).toEqual([login, 303, expect.any(String)]);
    return res;
  }

  async function who(res: Response) {
    return (
      await app
        .anonymous()
        .get('/api/session')
        .set('Cookie', pair(setCookies(res).iem_session))
        .expect(200)
    ).body;
  }

  async function userOf(email: string) {
    const users = await app.as('admin').get('/api/users?limit=100').expect(200);
    return (users.body.items as Array<{ id: number; email: string; role: string; name: string }>).find((u) => u.email === email);
  }

  async function audit(action: string) {
    const entries = await app.as('admin').get('/api/audit?limit=100').expect(200);
    return (entries.body.items as Array<{ action: string; actor: { email: string }; after: Record<string, unknown> }>).filter(
      (e) => e.action === action,
    );
  }

  /** A refusal: its status, a page that says what happened, no session cookie, no new session or user. */
  async function expectRefused(make: () => Promise<Response>, status: number, says: RegExp): Promise<Response> {
    const [sessions, users] = [await app.count('sessions'), await app.count('users')];
    const res = await make();
    expect([res.status, res.headers['content-type']]).toEqual([status, 'text/html; charset=utf-8']);
    expect(res.text).toMatch(says);
    expect(res.text).toContain('<a href="/">Back to the sign-in page</a>');
    expect(setCookies(res).iem_session).toBeUndefined();
    expect([await app.count('sessions'), await app.count('users')]).toEqual([sessions, users]);
    return res;
  }

  it('sends the browser to the provider: code flow, PKCE S256, state, nonce, client_secret_basic, and a Lax flow cookie for the callback only', async () => {
    const res = await app.anonymous().get('/api/auth/oidc/login?returnTo=%2Fbreaches%2F12').expect(302);
    const url = new URL(res.headers.location);
    expect(url.origin).toBe(provider.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'exposure-monitor',
      redirect_uri: CALLBACK,
      scope: 'openid email profile groups',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{43}$/),
      nonce: expect.stringMatching(/^[\w-]{43}$/),
    });
    const flow = setCookies(res).iem_sso_flow;
    expect(flow).toMatch(/; Max-Age=600; Path=\/api\/auth\/oidc\/callback; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    expect(flow).not.toContain(url.searchParams.get('code_challenge'));
  });

  it('signs in an officer with the same session cookie as an API key, back where she was going, created and audited', async () => {
    const res = await signedIn('olivia', '/breaches/12?tab=history');
    expect(res.headers.location).toBe('/breaches/12?tab=history');
    const cookies = setCookies(res);
    expect(cookies.iem_session).toMatch(/^iem_session=[\w-]{43}; Path=\/api; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    expect(cookies.iem_signed_in).toMatch(/^iem_signed_in=1; Path=\/; Expires=[^;]+; SameSite=Strict$/);
    expect(cookies.iem_sso_flow).toContain('Expires=Thu, 01 Jan 1970');
    expect(await who(res)).toEqual({ email: 'olivia.officer@insurer.example', role: 'officer', portfolios: null });
    expect(await userOf('olivia.officer@insurer.example')).toMatchObject({ name: 'Olivia Officer', role: 'officer' });
    const [created] = await audit('user.create');
    expect(created).toMatchObject({ actor: { email: 'olivia.officer@insurer.example' }, after: { role: 'officer', signedInWith: 'sso' } });
    expect((await audit('sso.sign_in'))[0].after).toMatchObject({ issuer: provider.issuer, subject: 'olivia', role: 'officer' });
    // a change by the cookie needs X-Requested-With, as with an API key's session
    await app.anonymous().post('/api/evaluations').set('Cookie', pair(cookies.iem_session)).send({}).expect(403);
  });

  it('gives a viewer of the viewers group the viewer role, and lands on / without returnTo', async () => {
    const { url, flow } = await begin('');
    const res = await back(await signInAtProvider(url.href, 'victor', PASSWORD), flow).expect(303);
    expect(res.headers.location).toBe('/');
    expect(await who(res)).toMatchObject({ email: 'victor.viewer@insurer.example', role: 'viewer' });
  });

  it('refuses a person in no mapped group with a 403 page naming the groups that give access; no user is created; audited', async () => {
    const res = await expectRefused(() => signIn('nora'), 403, /none of your groups at the identity provider gives access/);
    expect(res.text).toContain('<li>risk-officers: officer</li><li>risk-viewers: viewer</li>');
    expect(await userOf('nora@insurer.example')).toBeUndefined();
    expect((await audit('sso.refuse'))[0]).toMatchObject({
      actor: { email: 'nora@insurer.example' },
      after: { reason: 'no_group', groups: ['marketing'] },
    });
  });

  it('gives the role of the groups at every sign-in: moved from officers to viewers, a viewer next time, the change audited', async () => {
    expect(await who(await signedIn('mover'))).toMatchObject({ role: 'officer' });
    accounts.mover.groups = [GROUPS.viewers];
    expect(await who(await signedIn('mover'))).toMatchObject({ role: 'viewer' });
    const [change] = await audit('user.role_change');
    expect(change).toMatchObject({ actor: { email: 'mover@insurer.example' }, before: { role: 'officer' }, after: { role: 'viewer' } });
    accounts.mover.groups = ['marketing'];
    await expectRefused(() => signIn('mover'), 403, /none of your groups/);
  });

  it('takes over the API-key user of a verified email, but not of an unverified one', async () => {
    const keyed = await app
      .as('admin')
      .post('/api/users')
      .send({ email: 'keyed.user@insurer.example', name: 'Kim', role: 'admin' })
      .expect(201);
    const res = await signedIn('keyed');
    expect(await who(res)).toEqual({ email: 'keyed.user@insurer.example', role: 'viewer', portfolios: null });
    expect(await userOf('keyed.user@insurer.example')).toMatchObject({ id: keyed.body.id, name: 'Kim Keyed', role: 'viewer' });
    // the API key keeps working, with the role the groups gave
    await app.anonymous().get('/api/users').set('Authorization', `Bearer ${keyed.body.apiKey}`).expect(403);

    await app.as('admin').post('/api/users').send({ email: 'taken@insurer.example', name: 'Key holder', role: 'admin' }).expect(201);
    await expectRefused(() => signIn('unverified'), 409, /already has the email taken@insurer.example, and it cannot become yours/);
    expect(await userOf('taken@insurer.example')).toMatchObject({ name: 'Key holder', role: 'admin' });
  });

  it('takes over the user a former provider signed in, by its verified email, and keeps it', async () => {
    const user = await app.as('admin').post('/api/users').send({ email: 'moved@insurer.example', name: 'Max', role: 'viewer' }).expect(201);
    await app.db.reads.query(
      `UPDATE users SET oidc_issuer = 'https://login.former.example', oidc_subject = 'max' WHERE id = ${user.body.id}`,
    );
    for (const _ of [1, 2]) expect(await who(await signedIn('moved'))).toMatchObject({ email: 'moved@insurer.example', role: 'officer' });
    expect(await userOf('moved@insurer.example')).toMatchObject({ id: user.body.id, role: 'officer' });
    const rows = await app.db.reads.query(`SELECT oidc_issuer, oidc_subject FROM users WHERE id = ${user.body.id}`);
    expect(rows).toEqual([{ oidc_issuer: provider.issuer, oidc_subject: 'moved' }]);
  });

  it('keeps a user an admin revoked out, in groups or not', async () => {
    await signedIn('leaver');
    await app
      .as('admin')
      .delete(`/api/users/${(await userOf('leaver@insurer.example'))!.id}`)
      .expect(204);
    await expectRefused(() => signIn('leaver'), 403, /revoked the access of leaver@insurer.example/);
    expect((await audit('sso.refuse'))[0].after).toMatchObject({ reason: 'revoked' });
  });

  it('refuses an answer whose state is not the one of the sign-in this browser started', async () => {
    const { callback, flow } = await answered('olivia');
    callback.searchParams.set('state', 'forged-state-0123456789');
    await expectRefused(() => back(callback, flow), 400, /does not belong to the sign-in this browser started \(its state differs\)/);
    expect((await audit('sso.refuse'))[0]).toMatchObject({ actor: { email: 'anonymous' }, after: { reason: 'wrong_state' } });
  });

  it('refuses an answer without the PKCE verifier (no flow cookie): started in another browser', async () => {
    const { callback } = await answered('olivia');
    await expectRefused(() => back(callback), 400, /This browser holds no sign-in waiting for this answer/);
  });

  it('refuses a flow cookie made or altered outside the service', async () => {
    const { callback, flow } = await answered('olivia');
    const [payload, mac] = flow.split('=')[1].split('.');
    const altered = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const planted = Buffer.from(JSON.stringify({ ...altered, returnTo: '/holdings' })).toString('base64url');
    await expectRefused(() => back(callback, `iem_sso_flow=${planted}.${mac}`), 400, /has been altered/);
  });

  it('refuses a code used twice', async () => {
    const { callback, flow } = await answered('olivia');
    await back(callback, flow).expect(303);
    await expectRefused(() => back(callback, flow), 400, /refused the sign-in code: it has already been used/);
  });

  it('refuses an ID token of another issuer, for another audience, or expired, though signed with the provider key', async () => {
    const cases: Array<[(claims: Record<string, unknown>) => Record<string, unknown>, RegExp]> = [
      [(c) => ({ ...c, iss: 'https://login.elsewhere.example' }), /was not issued by the identity provider this service trusts/],
      [(c) => ({ ...c, aud: 'another-application' }), /was issued to another application, not to this service \(client exposure-monitor\)/],
      [(c) => ({ ...c, iat: Number(c.iat) - 7200, exp: Number(c.iat) - 3600 }), /The ID token has expired/],
    ];
    for (const [change, says] of cases) {
      provider.tamper = change;
      await expectRefused(() => signIn('olivia'), 400, says);
    }
    const reasons = (await audit('sso.refuse')).slice(0, 3).map((e) => e.after.reason);
    expect(reasons).toEqual(['expired_token', 'wrong_audience', 'wrong_issuer']);
  });

  it('refuses an ID token signed with another key than those of the provider', async () => {
    provider.tamper = (claims) => claims;
    provider.foreignKey = true;
    await expectRefused(() => signIn('olivia'), 400, /signature does not match the identity provider&#39;s keys/);
  });

  it('refuses to send anybody on to another site after sign-in: no redirect, no flow started', async () => {
    for (const returnTo of ['https://evil.example/breaches/1', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const res = await expectRefused(
        () => app.anonymous().get(`/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`),
        400,
        /is not a page of this service/,
      );
      expect([returnTo, res.headers.location, setCookies(res).iem_sso_flow]).toEqual([returnTo, undefined, undefined]);
    }
  });

  it('keeps API keys working as before', async () => {
    await app.as('viewer').get('/api/session').expect(200);
    await app.anonymous().get('/api/portfolios').expect(401);
  });
});

describe('without OIDC_ISSUER_URL', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startApp(freshSqlite())));
  afterAll(() => app.close());

  it('answers the single sign-on routes with a page saying it is not set up', async () => {
    const res = await app.anonymous().get('/api/auth/oidc/login').expect(404);
    expect(res.text).toContain('Single sign-on is not set up');
    expect((await app.anonymous().get('/').expect(200)).text).not.toContain('iem-single-sign-on');
  });
});
