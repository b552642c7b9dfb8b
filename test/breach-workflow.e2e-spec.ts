import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cusipOf } from '../bench/holdings-generator.js';
import { OutboxMessageEntity } from '../src/alerts/outbox-message.entity.js';
import { startApp, type TestApp } from './support/app.js';
import { testTargets } from './support/databases.js';
import { PORTFOLIO } from './support/workloads.js';

const META_LEI = 'BQ4BKCS1HXDV9HN80Z93';
const ORACLE_LEI = '1Z4GXXU7ZHVWFCD8TV52';
const HEADER = 'cusip,issuer_name,issuer_lei,par_value,market_value,maturity_date,coupon_rate,naic_designation,sector';
const meta = (issue: string, dollars: string) =>
  `${cusipOf('30303M', issue)},Meta Platforms Inc,${META_LEI},${dollars},${dollars},2045-08-15,5.40,1.D,Technology`;
const oracle = (dollars: string) =>
  `${cusipOf('68389X', 'CA')},Oracle Corp,${ORACLE_LEI},${dollars},${dollars},2040-09-26,5.95,2.A,Technology`;

/** Against the 2.5% limit ($1,000,000,000 of $40B admitted assets): Meta at 117.39%, Oracle at 96% (a warning). */
const FIRST = [meta('AA', '700000000.00'), meta('AB', '473900000.00'), oracle('960000000.00')];
/** A new $498M Meta lot: 167.19%. */
const WITH_NEW_META_LOT = [...FIRST, meta('AC', '498000000.00')];

interface Breach {
  id: number;
  groupKey: string;
  kind: string;
  scenario: string | null;
  status: string;
  severity: string;
  scope: { label: string };
  limitId: number;
  utilizationPct: number;
  resolution: string | null;
  waiverRequest: { requestedBy: { email: string }; until: string; reason: string } | null;
  waivedUntil: string | null;
}

describe.each(testTargets())('the breach workflow on %s', (_name, target) => {
  let app: TestApp;
  let secondOfficer: string;
  let uploads = 0;
  const upload = async (rows: string[]) => {
    const file = join(tmpdir(), `workflow-${process.pid}-${Date.now()}-${uploads++}.csv`);
    writeFileSync(file, `${HEADER}\n${rows.join('\n')}\n`);
    await app
      .as('officer')
      .post(`/api/portfolios/${PORTFOLIO.code}/holdings`)
      .field('asOfDate', '2026-11-30')
      .attach('file', file)
      .expect(201);
  };
  const run = async (scenarios?: string[]) =>
    (
      await app
        .as('officer')
        .post('/api/evaluations')
        .send(scenarios ? { scenarios } : {})
        .expect(201)
    ).body;
  const breaches = async (query = ''): Promise<Breach[]> =>
    (await app.as('officer').get(`/api/breaches?limit=1000&${query}`).expect(200)).body.items;
  const mailsOf = async (runId: number) => app.db.reads.getRepository(OutboxMessageEntity).find({ where: { runId }, order: { id: 'ASC' } });
  const asSecondOfficer = (path: string) => app.anonymous().post(path).set('Authorization', `Bearer ${secondOfficer}`);

  beforeAll(async () => {
    app = await startApp(await target());
    await app.as('admin').post('/api/portfolios').send(PORTFOLIO).expect(201);
    await upload(FIRST);
    await app
      .as('admin')
      .post('/api/limits')
      .send({
        name: 'Single family 2.5%',
        portfolio: null,
        scope: { type: 'EACH_ISSUER_FAMILY' },
        measure: 'MARKET_VALUE',
        basis: 'PCT_ADMITTED_ASSETS',
        limitPct: 2.5,
        source: 'Investment policy 4.2',
      })
      .expect(201);
    await app.as('admin').post('/api/recipients').send({ email: 'risk@example.com', portfolios: null, minSeverity: 'WARNING' }).expect(201);
    await app
      .as('admin')
      .post('/api/recipients')
      .send({ email: 'cro@example.com', portfolios: null, minSeverity: 'WARNING', worseningPct: 60 })
      .expect(201);
    secondOfficer = (
      await app.as('admin').post('/api/users').send({ email: 'second@example.com', name: 'Second Officer', role: 'officer' }).expect(201)
    ).body.apiKey;
  });
  afterAll(() => app.close());

  it('tells one problem as one entry: today and three scenarios of Meta are one line of the digest, one group of the list', async () => {
    const result = await run();
    expect(result.counts).toMatchObject({ conditions: 8, breaches: 4, warnings: 4, opened: 8, updated: 0, resolved: 0, emails: 2 });
    const [toRisk] = await mailsOf(result.id);
    expect(toRisk.subject).toBe('[Exposure monitor] 1 new breach, 1 warning - LIFE-GA');
    expect(
      toRisk.textBody.match(/^- BREACH LIFE-GA Meta Platforms Inc, limit "Single family 2\.5%" \(Investment policy 4\.2\)$/gm),
    ).toHaveLength(1);
    expect(toRisk.textBody).toContain('    today: BREACH exposure USD 1,173,900,000.00 vs limit USD 1,000,000,000.00, 117.39%');
    expect(toRisk.textBody).toMatch(
      / {4}base: BREACH exposure USD 1,173,900,000\.00 vs limit USD 1,000,000,000\.00, 117\.39%; projected breach 2026-12-31, probability 100\.0%/,
    );
    expect(toRisk.textBody).toMatch(/ {4}stress: BREACH exposure/);
    const groups = (await app.as('viewer').get('/api/breaches?groupBy=group').expect(200)).body;
    expect(groups.total).toBe(2);
    const metaGroup = groups.items.find((g: { scope: { label: string } }) => g.scope.label === 'Meta Platforms Inc');
    expect(metaGroup).toMatchObject({
      severity: 'BREACH',
      status: 'OPEN',
      utilizationPct: 117.39,
      projectedBreachDate: '2026-12-31',
      scenarios: ['base', 'full-pipeline', 'stress'],
      limit: { name: 'Single family 2.5%', source: 'Investment policy 4.2' },
    });
    expect(metaGroup.members.map((m: Breach) => m.kind)).toEqual(['CURRENT', 'PROJECTED', 'PROJECTED', 'PROJECTED']);
  });

  it('acknowledges a group of four with one call', async () => {
    const [current] = await breaches('kind=CURRENT&issuer=Meta Platforms Inc');
    const res = await app
      .as('officer')
      .post(`/api/breaches/${current.id}/acknowledge`)
      .send({ comment: 'Known: the October deal', group: true })
      .expect(200);
    expect(res.body.status).toBe('ACKNOWLEDGED');
    const acknowledged = await breaches('status=ACKNOWLEDGED');
    expect(acknowledged.map((b) => [b.scope.label, b.kind, b.scenario])).toEqual([
      ['Meta Platforms Inc', 'PROJECTED', 'stress'],
      ['Meta Platforms Inc', 'PROJECTED', 'full-pipeline'],
      ['Meta Platforms Inc', 'PROJECTED', 'base'],
      ['Meta Platforms Inc', 'CURRENT', null],
    ]);
    expect((await app.as('officer').post(`/api/breaches/${current.id}/acknowledge`).send({ comment: 'again', group: true })).status).toBe(
      409,
    );
  });

  it('tells a worsening from 117.39% to 167.19%, acknowledged or not, to each recipient whose threshold it passes', async () => {
    await upload(WITH_NEW_META_LOT);
    const result = await run(['base']);
    expect(result.counts).toMatchObject({ opened: 0, updated: 4, resolved: 0, emails: 1 });
    const mails = await mailsOf(result.id);
    expect(mails.map((m) => m.to)).toEqual(['risk@example.com']); // the CRO's threshold is 60 points: 49.80 is not enough
    expect(mails[0].subject).toBe('[Exposure monitor] 1 worsened - LIFE-GA');
    expect(mails[0].textBody).toContain('- BREACH LIFE-GA Meta Platforms Inc, limit "Single family 2.5%" (Investment policy 4.2)');
    expect(mails[0].textBody).toContain(
      '    today: BREACH exposure USD 1,671,900,000.00 vs limit USD 1,000,000,000.00, 167.19% (up from 117.39% when last told)',
    );
    expect(mails[0].htmlBody).toContain('worsened from 117.39%');
  });

  it('shows the issuers and lots behind a breach, largest first', async () => {
    const [current] = await breaches('kind=CURRENT&issuer=' + META_LEI);
    const { breakdown } = (await app.as('viewer').get(`/api/breaches/${current.id}`).expect(200)).body;
    expect(breakdown.measure).toBe('MARKET_VALUE');
    expect(breakdown.members).toEqual([
      { issuerId: expect.any(Number), name: 'Meta Platforms Inc', lei: META_LEI, familyId: expect.any(Number), exposure: 1671900000 },
    ]);
    expect(
      breakdown.lots.map((l: { row: number; marketValue: number; contribution: number }) => [l.row, l.marketValue, l.contribution]),
    ).toEqual([
      [2, 700000000, 700000000],
      [5, 498000000, 498000000],
      [3, 473900000, 473900000],
    ]);
    expect(breakdown.lotsTotal).toBe(3);
  });

  it('needs two people for a waiver, at most 90 days ahead', async () => {
    const [oracleCurrent] = await breaches('kind=CURRENT&issuer=Oracle Corp');
    const tooLong = await app
      .as('officer')
      .post(`/api/breaches/${oracleCurrent.id}/waive`)
      .send({ until: '2027-03-01', reason: 'Board approval', group: true });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details).toEqual([
      { field: 'until', message: 'until must be at most 90 days from today (WAIVER_MAX_DAYS), so on or before 2027-02-28' },
    ]);
    await app
      .as('officer')
      .post(`/api/breaches/${oracleCurrent.id}/waive`)
      .send({ until: '2027-02-28', reason: 'Board approval of 2026-11-27', group: true })
      .expect(200);
    const requested = await breaches('issuer=Oracle Corp');
    expect(requested.map((b) => [b.status, b.waiverRequest?.requestedBy.email, b.waiverRequest?.until])).toEqual(
      Array(4).fill(['OPEN', 'officer@example.com', '2027-02-28']),
    );
    const self = await app.as('officer').post(`/api/breaches/${oracleCurrent.id}/waiver/approve`).send({});
    expect(self.status).toBe(403);
    expect(self.body.message).toBe('The officer who asked for a waiver cannot approve it: another officer or an admin must');
    const approved = await asSecondOfficer(`/api/breaches/${oracleCurrent.id}/waiver/approve`).send({}).expect(200);
    expect(approved.body).toMatchObject({ status: 'WAIVED', waivedUntil: '2027-02-28', waiverRequest: null });
    expect(approved.body.history.slice(-2)).toMatchObject([
      { type: 'WAIVER_REQUESTED', actor: 'officer@example.com', text: 'Board approval of 2026-11-27' },
      {
        type: 'WAIVED',
        actor: 'second@example.com',
        data: { requestedBy: 'officer@example.com', approvedBy: 'second@example.com', until: '2027-02-28' },
      },
    ]);
    expect((await breaches('issuer=Oracle Corp&status=WAIVED')).length).toBe(4);
  });

  it('drops a rejected waiver request, with the reason', async () => {
    const [metaCurrent] = await breaches('kind=CURRENT&issuer=Meta Platforms Inc');
    await app.as('officer').post(`/api/breaches/${metaCurrent.id}/waive`).send({ until: '2026-12-31', reason: 'Temporary' }).expect(200);
    expect(
      (await app.as('officer').post(`/api/breaches/${metaCurrent.id}/waive`).send({ until: '2026-12-31', reason: 'Again' })).status,
    ).toBe(409);
    const rejected = await asSecondOfficer(`/api/breaches/${metaCurrent.id}/waiver/reject`)
      .send({ reason: 'Not without the board' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'ACKNOWLEDGED', waiverRequest: null });
    expect(rejected.body.history.at(-1)).toMatchObject({
      type: 'WAIVER_REJECTED',
      actor: 'second@example.com',
      text: 'Not without the board',
    });
    expect((await breaches('issuer=Meta Platforms Inc')).every((b) => b.waiverRequest === null)).toBe(true);
  });

  it("resolves the default limit's breaches as SUPERSEDED by a family limit, naming it, and the counts add up", async () => {
    const [{ id: metaId }] = (await app.as('viewer').get('/api/issuers?search=Meta').expect(200)).body.items;
    const familyLimit = (
      await app
        .as('admin')
        .post('/api/limits')
        .send({
          name: 'Meta 30% of surplus',
          portfolio: null,
          scope: { type: 'ISSUER_FAMILY', issuerId: metaId },
          measure: 'MARKET_VALUE',
          basis: 'PCT_CAPITAL_SURPLUS',
          limitPct: 30,
        })
        .expect(201)
    ).body;
    const result = await run();
    expect(result.counts).toMatchObject({
      opened: 4,
      resolved: 4,
      resolvedBy: { SUPERSEDED: 4, UNDER_LIMIT: 0, LIMIT_ENDED: 0, NOT_HELD: 0 },
    });
    const resolved = await breaches('status=RESOLVED');
    expect(resolved.map((b) => [b.scope.label, b.limitId, b.resolution])).toEqual(Array(4).fill(['Meta Platforms Inc', 1, 'SUPERSEDED']));
    const { history } = (await app.as('viewer').get(`/api/breaches/${resolved[0].id}`).expect(200)).body;
    expect(history.at(-1)).toMatchObject({
      type: 'RESOLVED',
      text: `Superseded by limit #${familyLimit.id} "Meta 30% of surplus", which now governs Meta Platforms Inc`,
      data: { reason: 'SUPERSEDED', supersededBy: { limitId: familyLimit.id, name: 'Meta 30% of surplus' } },
    });
    const [toRisk] = await mailsOf(result.id);
    expect(toRisk.subject).toBe('[Exposure monitor] 1 new breach, 1 resolved - LIFE-GA');
    expect(toRisk.textBody).toContain(
      `    today: resolved: Superseded by limit #${familyLimit.id} "Meta 30% of surplus", which now governs Meta Platforms Inc`,
    );
    expect(toRisk.textBody).toContain('today: BREACH exposure USD 1,671,900,000.00 vs limit USD 960,000,000.00, 174.16%');
    expect((await breaches(`limitId=${familyLimit.id}`)).length).toBe(4);
  });

  it('resolves as NOT_HELD, UNDER_LIMIT and LIMIT_ENDED, waived breaches included in the counts', async () => {
    await upload([meta('AA', '700000000.00'), meta('AB', '473900000.00'), meta('AC', '498000000.00')]);
    const notHeld = await run();
    expect(notHeld.counts).toMatchObject({ resolved: 4, resolvedBy: { NOT_HELD: 4 } });
    expect((await breaches('issuer=Oracle Corp&status=RESOLVED')).map((b) => b.resolution)).toEqual(Array(4).fill('NOT_HELD'));

    await upload([meta('AA', '500000000.00')]);
    const underLimit = await run();
    expect(underLimit.counts).toMatchObject({ opened: 0, resolved: 4, resolvedBy: { UNDER_LIMIT: 4 } });

    await upload([...WITH_NEW_META_LOT].reverse()); // the same holdings in another order: not the same file again
    await run();
    const familyLimitId = (await breaches('status=OPEN'))[0].limitId;
    await app.as('admin').delete(`/api/limits/${familyLimitId}`).expect(204);
    const ended = await run();
    expect(ended.counts).toMatchObject({ resolved: 4, resolvedBy: { LIMIT_ENDED: 4, UNDER_LIMIT: 0, SUPERSEDED: 0, NOT_HELD: 0 } });
    const counts = ended.counts as { resolved: number; resolvedBy: Record<string, number> };
    expect(Object.values(counts.resolvedBy).reduce((a, b) => a + b, 0)).toBe(counts.resolved);
  });

  it('filters by issuer and by limit, and refuses an unknown issuer', async () => {
    expect((await breaches(`issuer=${ORACLE_LEI}`)).every((b) => b.scope.label === 'Oracle Corp')).toBe(true);
    expect((await breaches('limitId=1')).every((b) => b.limitId === 1)).toBe(true);
    expect((await app.as('viewer').get('/api/breaches?issuer=Nobody Inc')).status).toBe(404);
  });
});
