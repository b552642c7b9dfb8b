import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { startApp, type TestApp } from './support/app.js';
import { freshSqlite } from './support/databases.js';

/** What any request meets before a database is involved: one database is enough. */
describe('the HTTP surface', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(freshSqlite(), { TRUST_PROXY: 'loopback' });
  });
  afterAll(() => app.close());

  it.each(['0x10', '1e3', '%2016', '-1', '16.0', '99999999999'])('refuses the path id %s with a 400 naming id', async (id) => {
    const res = await app.as('viewer').get(`/api/breaches/${id}`).expect(400);
    expect(res.body.details).toEqual([{ field: 'id', message: 'id must be a whole number of decimal digits' }]);
  });

  it('answers no-store on the API and /metrics, and HSTS only over https', async () => {
    const api = await app.as('viewer').get('/api/breaches').expect(200);
    expect(api.headers['cache-control']).toBe('no-store');
    expect(api.headers['strict-transport-security']).toBeUndefined();
    const metrics = await app.as('viewer').get('/metrics');
    expect(metrics.headers['cache-control']).toBe('no-store');
    const https = await app.as('viewer').get('/api/breaches').set('X-Forwarded-Proto', 'https').expect(200);
    expect(https.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
  });

  it('serves no source map of the page', async () => {
    await app.anonymous().get('/assets/app.js.map').expect(404);
  });

  it('blocks an address after 20 failed authentications, a valid key too', async () => {
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    for (let i = 0; i < 20; i++)
      await app.anonymous().get('/api/breaches').set(from('203.0.113.7')).set('Authorization', 'Bearer wrong').expect(401);
    const blocked = await app.as('viewer').get('/api/breaches').set(from('203.0.113.7')).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(50);
    expect(blocked.body.message).toMatch(/203\.0\.113\.7/);
    await app.anonymous().post('/api/session').set(from('203.0.113.7')).set('X-Requested-With', 'fetch').send({ apiKey: 'x' }).expect(429);
    await app.as('viewer').get('/api/breaches').set(from('198.51.100.1')).expect(200);
  });

  it('says what a zip of two files holds, sent as a GLEIF file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'iem-zip-')), 'two.zip');
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('a,b\n'), 'a.csv');
    zip.addBuffer(Buffer.from('<x/>'), 'b.xml');
    zip.end();
    await finished(zip.outputStream.pipe(createWriteStream(path)));
    const res = await app.as('admin').post('/api/issuers/hierarchy').attach('file', path).expect(422);
    expect(res.body.message).toBe('The zip holds 2 files (a.csv, b.xml); a GLEIF file is a zip of one CSV file');
  });
});
