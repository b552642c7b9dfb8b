import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cusipOf } from '../bench/holdings-generator.js';
import { startApp, type TestApp } from './support/app.js';
import { testTargets } from './support/databases.js';
import { PORTFOLIO, TINY_FAMILY_LIMIT } from './support/workloads.js';

const OTHER = { ...PORTFOLIO, code: 'LIFE-B', name: 'Closed Block' };
/** Meta in both portfolios, far over TINY_FAMILY_LIMIT: a breach in each. */
const HOLDINGS = [
  'cusip,issuer_name,par_value,market_value,maturity_date,naic_designation,sector',
  `${cusipOf('30303M', 'AA')},Meta Platforms Inc,1200000000.00,1200000000.00,2045-08-15,1.D,Technology`,
].join('\n');

interface Breach {
  id: number;
  portfolio: string;
}

describe.each(testTargets())('per-portfolio permissions and keys on %s', (_name, target) => {
  let app: TestApp;
  /** An officer limited to LIFE-GA. */
  let limited: string;
  let limitedAdmin: string;
  let mine: Breach;
  let theirs: Breach;
  let bothRun: number;
  let otherRun: number;
  const withKey = (key: string) => ({
    get: (url: string) => app.anonymous().get(url).set('Authorization', `Bearer ${key}`),
    post: (url: string) => app.anonymous().post(url).set('Authorization', `Bearer ${key}`),
  });
  const createUser = async (email: string, role: string, portfolios?: string[] | null) =>
    (await app.as('admin').post('/api/users').send({ email, name: email, role, portfolios }).expect(201)).body;

  beforeAll(async () => {
    app = await startApp(await target());
    const file = join(tmpdir(), `permissions-${process.pid}-${Date.now()}.csv`);
    writeFileSync(file, `${HOLDINGS}\n`);
    for (const portfolio of [PORTFOLIO, OTHER]) {
      await app.as('admin').post('/api/portfolios').send(portfolio).expect(201);
      await app
        .as('officer')
        .post(`/api/portfolios/${portfolio.code}/holdings`)
        .field('asOfDate', '2026-11-30')
        .attach('file', file)
        .expect(201);
      const recipient = { email: `desk@${portfolio.code.toLowerCase()}.example.com`, portfolios: [portfolio.code], minSeverity: 'WARNING' };
      await app.as('admin').post('/api/recipients').send(recipient).expect(201);
    }
    await app.as('admin').post('/api/limits').send(TINY_FAMILY_LIMIT).expect(201);
    bothRun = (
      await app
        .as('officer')
        .post('/api/evaluations')
        .send({ scenarios: ['base'] })
        .expect(201)
    ).body.id;
    otherRun = (
      await app
        .as('officer')
        .post('/api/evaluations')
        .send({ portfolios: [OTHER.code], scenarios: ['base'] })
        .expect(201)
    ).body.id;
    const breaches: Breach[] = (await app.as('viewer').get('/api/breaches?kind=CURRENT').expect(200)).body.items;
    mine = breaches.find((b) => b.portfolio === PORTFOLIO.code)!;
    theirs = breaches.find((b) => b.portfolio === OTHER.code)!;
    limited = (await createUser('ga.officer@example.com', 'officer', [PORTFOLIO.code])).apiKey;
    limitedAdmin = (await createUser('ga.admin@example.com', 'admin', [PORTFOLIO.code])).apiKey;
  });
  afterAll(() => app.close());

  it('four eyes compare people: an officer revoked and created again with the same email cannot approve its own waiver', async () => {
    const first = await createUser('Four.Eyes@Example.com', 'officer');
    await withKey(first.apiKey).post(`/api/breaches/${mine.id}/waive`).send({ until: '2026-12-15', reason: 'Sale agreed' }).expect(200);
    await app.as('admin').delete(`/api/users/${first.id}`).expect(204);
    const again = await createUser('FOUR.EYES@example.COM', 'officer');
    expect(again.id).not.toBe(first.id);
    const refused = await withKey(again.apiKey).post(`/api/breaches/${mine.id}/waiver/approve`);
    expect([refused.status, refused.body.message]).toEqual([403, expect.stringContaining('who asked for a waiver cannot approve it')]);
    await app.as('officer').post(`/api/breaches/${mine.id}/waiver/approve`).expect(200);
  });

  it("shows a viewer no one else's address: the actors of a breach and the recipients of emails masked, its own kept", async () => {
    const asViewer = JSON.stringify((await app.as('viewer').get(`/api/breaches/${mine.id}`).expect(200)).body);
    expect(asViewer).toContain('"f***@example.com"');
    expect(asViewer).not.toMatch(/four\.eyes@/i);
    expect(JSON.stringify((await app.as('officer').get(`/api/breaches/${mine.id}`).expect(200)).body)).toContain('four.eyes@example.com');
    const alerts = (await app.as('viewer').get('/api/alerts').expect(200)).body.items.map((a: { to: string }) => a.to);
    expect(alerts.length).toBeGreaterThan(0);
    for (const to of alerts) expect(to).toMatch(/^d\*\*\*@life-(ga|b)\.example\.com$/);
    expect((await app.as('viewer').get('/api/session').expect(200)).body.email).toBe('viewer@example.com');
  });

  it('rotates a key: the new one shown once and working, the old one dead at once; only the user itself or an admin', async () => {
    const user = await createUser('rotating@example.com', 'viewer');
    const rotated = await withKey(user.apiKey).post(`/api/users/${user.id}/key`).send({ reason: 'Pasted into a ticket' }).expect(201);
    expect(rotated.body).toMatchObject({ id: user.id, email: 'rotating@example.com', apiKey: expect.stringMatching(/^iem_/) });
    expect((await withKey(user.apiKey).get('/api/portfolios')).status).toBe(401);
    await withKey(rotated.body.apiKey).get('/api/portfolios').expect(200);
    expect((await app.as('officer').post(`/api/users/${user.id}/key`).send({})).status).toBe(403);
    expect((await withKey(limitedAdmin).post(`/api/users/${user.id}/key`).send({})).status).toBe(403);
    const byAdmin = await app.as('admin').post(`/api/users/${user.id}/key`).send({}).expect(201);
    expect((await withKey(rotated.body.apiKey).get('/api/portfolios')).status).toBe(401);
    await withKey(byAdmin.body.apiKey).get('/api/portfolios').expect(200);
    const audit = (await app.as('admin').get('/api/audit?entity=user').expect(200)).body.items;
    expect(audit.slice(0, 2)).toMatchObject([
      { action: 'user.rotate_key', entityId: String(user.id), actor: { email: 'admin@localhost' }, after: { reason: null } },
      {
        action: 'user.rotate_key',
        entityId: String(user.id),
        actor: { email: 'rotating@example.com' },
        after: { reason: 'Pasted into a ticket' },
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain(byAdmin.body.apiKey);
  });

  it("answers another portfolio's code, breach, snapshot and run with 404, as if they did not exist", async () => {
    const missing = await withKey(limited).get('/api/portfolios/NOPE');
    const other = await withKey(limited).get(`/api/portfolios/${OTHER.code}`);
    expect([other.status, other.body]).toEqual([404, { ...missing.body, message: `Portfolio ${OTHER.code} not found` }]);
    await withKey(limited).get(`/api/portfolios/${PORTFOLIO.code}`).expect(200);
    const snapshots = (await app.as('viewer').get(`/api/portfolios/${OTHER.code}/snapshots`).expect(200)).body.items;
    const deal = { issuer: 'Meta Platforms Inc', expectedDate: '2027-05-20', amount: 1e9, probability: 0.7 };
    const dealId = (await app.as('officer').post('/api/issuance/deals').send(deal).expect(201)).body.id;
    const refusals = [
      ['get', `/api/breaches/${theirs.id}`],
      ['post', `/api/breaches/${theirs.id}/comments`, { text: 'seen' }],
      ['get', `/api/breaches?portfolio=${OTHER.code}`],
      ['get', `/api/portfolios/${OTHER.code}/snapshots`],
      ['get', `/api/snapshots/${snapshots[0].id}/holdings`],
      ['get', `/api/portfolios/${OTHER.code}/exposures`],
      ['get', `/api/issuance/deals/${dealId}/capacity?portfolio=${OTHER.code}`],
      ['post', `/api/portfolios/${OTHER.code}/what-if`, { trades: [{ side: 'BUY', issuer: 'Meta Platforms Inc', marketValue: 1000 }] }],
      ['post', '/api/evaluations', { portfolios: [OTHER.code] }],
      ['get', `/api/evaluations/${otherRun}`],
      ['get', `/api/evaluations/${otherRun}/report`],
    ] as const;
    for (const [method, url, body] of refusals) {
      const res = await withKey(limited)[method](url).send(body);
      expect([method, url, res.status]).toEqual([method, url, 404]);
    }
    expect((await withKey(limited).get(`/api/breaches/${mine.id}`)).status).toBe(200);
    expect((await withKey(limited).get(`/api/issuance/deals/${dealId}/capacity?portfolio=${PORTFOLIO.code}`)).status).toBe(200);
  });

  it('filters the lists, the runs and their reports to the portfolios of the user', async () => {
    const portfolios = (await withKey(limited).get('/api/portfolios').expect(200)).body;
    expect([portfolios.total, portfolios.items.map((p: { code: string }) => p.code)]).toEqual([1, [PORTFOLIO.code]]);
    const breaches = (await withKey(limited).get('/api/breaches').expect(200)).body.items;
    expect(breaches.length).toBeGreaterThan(0);
    expect(new Set(breaches.map((b: Breach) => b.portfolio))).toEqual(new Set([PORTFOLIO.code]));
    const runs = (await withKey(limited).get('/api/evaluations').expect(200)).body.items;
    expect(runs.map((r: { id: number }) => r.id)).toEqual([bothRun]);
    expect(runs[0].counts).toBeNull();
    const run = (await withKey(limited).get(`/api/evaluations/${bothRun}`).expect(200)).body;
    expect(run.inputs.portfolios.map((p: { portfolio: string }) => p.portfolio)).toEqual([PORTFOLIO.code]);
    expect(new Set(run.results.items.map((r: { portfolio: string }) => r.portfolio))).toEqual(new Set([PORTFOLIO.code]));
    const report = (await withKey(limited).get(`/api/evaluations/${bothRun}/report`).expect(200)).body;
    expect(report.portfolios.map((p: { code: string }) => p.code)).toEqual([PORTFOLIO.code]);
    expect(new Set(report.items.map((i: { portfolio: string }) => i.portfolio))).toEqual(new Set([PORTFOLIO.code]));
    const alerts = (await withKey(limited).get('/api/alerts').expect(200)).body.items;
    expect(alerts.map((a: { to: string }) => a.to)).toEqual(['desk@life-ga.example.com']);
    expect((await app.as('viewer').get('/api/alerts').expect(200)).body.total).toBe(2);
    const own = await withKey(limited)
      .post('/api/evaluations')
      .send({ scenarios: ['base'] })
      .expect(201);
    expect(own.body.inputs.portfolios.map((p: { portfolio: string }) => p.portfolio)).toEqual([PORTFOLIO.code]);
  });

  it("refuses whole-service routes to a limited admin (403) and another portfolio's PATCH (404), and keeps an admin of every portfolio (409)", async () => {
    for (const [method, url] of [
      ['get', '/api/users'],
      ['get', '/api/audit'],
      ['get', '/api/recipients'],
      ['post', '/api/portfolios'],
      ['post', '/api/limits'],
    ] as const) {
      const res = await withKey(limitedAdmin)[method](url).send({});
      expect([method, url, res.status]).toEqual([method, url, 403]);
    }
    expect(
      (
        await app
          .as('admin')
          .patch('/api/users/1')
          .send({ portfolios: [PORTFOLIO.code] })
      ).status,
    ).toBe(409);
    expect((await app.as('admin').patch('/api/users/1').send({ role: 'officer' })).status).toBe(409);
    const patchOther = app.anonymous().patch(`/api/portfolios/${OTHER.code}`).set('Authorization', `Bearer ${limitedAdmin}`);
    expect((await patchOther.send({ name: 'Renamed' })).status).toBe(404);
  });

  it('changes role and portfolios by PATCH, audited, at once for the next request', async () => {
    const user = await createUser('moving@example.com', 'viewer');
    await withKey(user.apiKey).get(`/api/portfolios/${OTHER.code}`).expect(200);
    const patched = await app
      .as('admin')
      .patch(`/api/users/${user.id}`)
      .send({ role: 'officer', portfolios: [PORTFOLIO.code] })
      .expect(200);
    expect(patched.body).toMatchObject({ role: 'officer', portfolios: [PORTFOLIO.code] });
    expect((await withKey(user.apiKey).get(`/api/portfolios/${OTHER.code}`)).status).toBe(404);
    expect(
      (
        await app
          .as('admin')
          .patch(`/api/users/${user.id}`)
          .send({ portfolios: ['NOPE'] })
      ).status,
    ).toBe(400);
    const [entry] = (await app.as('admin').get('/api/audit?entity=user').expect(200)).body.items;
    expect(entry).toMatchObject({
      action: 'user.update',
      entityId: String(user.id),
      actor: { email: 'admin@localhost' },
      before: { role: 'viewer', portfolios: null },
      after: { role: 'officer', portfolios: [PORTFOLIO.code] },
    });
  });
});
