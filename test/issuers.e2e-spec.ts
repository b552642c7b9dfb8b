import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testTargets } from './support/databases.js';
import { fixture, startApp, type TestApp } from './support/app.js';

describe.each(testTargets())('issuers and families on %s', (_name, target) => {
  let app: TestApp;
  const find = async (search: string) =>
    (
      await app
        .as('viewer')
        .get(`/api/issuers?search=${encodeURIComponent(search)}`)
        .expect(200)
    ).body.items;

  beforeAll(async () => {
    app = await startApp(await target());
    await app
      .as('admin')
      .post('/api/portfolios')
      .send({ code: 'P1', name: 'P1', baseCurrency: 'USD', admittedAssets: 1e9, capitalAndSurplus: 1e8, participationRate: 0.001 })
      .expect(201);
    await app
      .as('officer')
      .post('/api/portfolios/P1/holdings')
      .field('asOfDate', '2026-11-30')
      .attach('file', fixture('holdings/ok/basic.csv'))
      .expect(201);
  });
  afterAll(() => app.close());

  it('resolves rows by LEI, else CUSIP-6, else the normalised name', async () => {
    const meta = await find('meta platforms');
    expect(meta).toHaveLength(1);
    expect(meta[0]).toMatchObject({ name: 'Meta Platforms Inc', lei: 'BQ4BKCS1HXDV9HN80Z93', cusip6: '30303M' });
    expect(await find('30303M')).toEqual(meta);
    expect((await find('Amazon.com, Inc.'))[0]).toMatchObject({ cusip6: '023135', lei: 'ZXTILKJKG63JELOEG630' });
  });

  it('a hierarchy upload sets an economic parent, creating the unknown child', async () => {
    const res = await app.as('admin').post('/api/issuers/hierarchy').attach('file', fixture('hierarchy/beignet-economic.csv'));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ rows: 1, linksChanged: 1, issuersCreated: 1 });
    const [beignet] = await find('Beignet Investor');
    const [meta] = await find('Meta Platforms');
    expect(beignet.family).toEqual({ id: meta.id, name: 'Meta Platforms Inc' });
    const detail = await app.as('viewer').get(`/api/issuers/${beignet.id}`).expect(200);
    expect(detail.body.parents).toEqual({
      economic: { id: meta.id, name: 'Meta Platforms Inc' },
      declared: null,
      hierarchy: null,
      gleif: null,
    });
    expect(detail.body.members.map((m: { name: string }) => m.name).sort()).toEqual([
      'Beignet Investor LLC',
      'Hyperion Data Subsidiary LLC',
      'Meta Platforms Inc',
    ]);
  });

  it('refuses a hierarchy row that would make a family loop, and changes nothing', async () => {
    const res = await app.as('admin').post('/api/issuers/hierarchy').attach('file', fixture('hierarchy/loop.csv'));
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([{ row: 2, column: 'parent_name', message: expect.stringContaining('loop') }]);
    const [meta] = await find('Meta Platforms');
    expect(meta.family.id).toBe(meta.id);
  });

  it('does not let a holdings file make a family loop, and says so', async () => {
    const path = join(tmpdir(), `loop-${process.pid}-${Date.now()}.csv`);
    writeFileSync(
      path,
      [
        'cusip,issuer_name,issuer_lei,ultimate_parent_lei,ultimate_parent_name,par_value,market_value,maturity_date',
        '594918CA0,Microsoft Corp,INR2EJN1ERAN0W5ZP974,5493006MHB84DD0ZWV18,Alphabet Inc,100,100,2040-01-15',
        '02079KAA5,Alphabet Inc,5493006MHB84DD0ZWV18,INR2EJN1ERAN0W5ZP974,Microsoft Corp,100,100,2040-01-15',
      ].join('\n'),
    );
    const res = await app
      .as('officer')
      .post('/api/portfolios/P1/holdings')
      .field('asOfDate', '2026-11-30')
      .attach('file', path)
      .expect(201);
    expect(res.body.warnings).toEqual(['Microsoft Corp was not made the parent of Alphabet Inc: the family would loop']);
    const [alphabet] = await find('Alphabet');
    expect(alphabet.family.id).toBe(alphabet.id);
  });

  it('takes an issuer named as its own ultimate parent as the top of its family, without a warning', async () => {
    const path = join(tmpdir(), `self-parent-${process.pid}-${Date.now()}.csv`);
    writeFileSync(
      path,
      [
        'cusip,issuer_name,issuer_lei,ultimate_parent_lei,ultimate_parent_name,par_value,market_value,maturity_date',
        '68389XAA3,Oracle Corp,1Z4GXXU7ZHVWFCD8TV52,1Z4GXXU7ZHVWFCD8TV52,Oracle Corp,100,100,2040-01-15',
        '68389XAB1,Oracle Corp,1Z4GXXU7ZHVWFCD8TV52,1Z4GXXU7ZHVWFCD8TV52,Oracle Corp,200,200,2041-01-15',
      ].join('\n'),
    );
    const res = await app
      .as('officer')
      .post('/api/portfolios/P1/holdings')
      .field('asOfDate', '2026-11-30')
      .attach('file', path)
      .expect(201);
    expect(res.body).toMatchObject({ rows: 2, warnings: [] });
    const [oracle] = await find('Oracle');
    expect(oracle.family.id).toBe(oracle.id);
  });

  it('PUT parent sets and clears an economic parent, refuses loops, and is audited', async () => {
    const [oracle] = await find('Oracle');
    const [alphabet] = await find('Alphabet');
    const set = await app.as('admin').put(`/api/issuers/${oracle.id}/parent`).send({ parentIssuerId: alphabet.id, kind: 'ECONOMIC' });
    expect(set.status).toBe(200);
    expect(set.body.family).toEqual({ id: alphabet.id, name: 'Alphabet Inc' });
    const loop = await app.as('admin').put(`/api/issuers/${alphabet.id}/parent`).send({ parentIssuerId: oracle.id, kind: 'ULTIMATE' });
    expect(loop.status).toBe(409);
    const cleared = await app
      .as('admin')
      .put(`/api/issuers/${oracle.id}/parent`)
      .send({ parentIssuerId: null, kind: 'ECONOMIC' })
      .expect(200);
    expect(cleared.body.family.id).toBe(oracle.id);
    const audit = await app.as('admin').get('/api/audit?entity=issuer').expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'issuer.set-parent',
      'issuer.set-parent',
      'issuer.hierarchy-upload',
    ]);
    expect((await app.as('officer').put(`/api/issuers/${oracle.id}/parent`).send({ parentIssuerId: null, kind: 'ECONOMIC' })).status).toBe(
      403,
    );
    expect(
      (await app.as('admin').put(`/api/issuers/${oracle.id}/parent`).send({ parentIssuerId: 1, kind: 'SIDEWAYS' })).body.details,
    ).toEqual([{ field: 'kind', message: expect.any(String) }]);
  });
});
