import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { fixture, startApp, type TestApp } from './support/app.js';
import { testTargets } from './support/databases.js';

const gleif = (name: string) => fixture(`hierarchy/gleif/${name}`);

/** The file zipped as GLEIF publishes it: one CSV in a zip. */
async function zipped(path: string): Promise<string> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(readFileSync(path), '20261130-0800-gleif-goldencopy-rr-golden-copy.csv');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const target = join(mkdtempSync(join(tmpdir(), 'iem-gleif-')), 'rr.csv.zip');
  writeFileSync(target, Buffer.concat(chunks));
  return target;
}

describe.each(testTargets())('GLEIF families on %s', (_name, target) => {
  let app: TestApp;
  const issuer = async (search: string) =>
    (
      await app
        .as('viewer')
        .get(`/api/issuers?search=${encodeURIComponent(search)}`)
        .expect(200)
    ).body.items[0];
  const familyOf = async (search: string) => (await issuer(search)).family.name;
  const upload = (path: string) => app.as('admin').post('/api/issuers/hierarchy').attach('file', path);
  const holdings = (portfolio: string, file: string) =>
    app.as('officer').post(`/api/portfolios/${portfolio}/holdings`).field('asOfDate', '2026-11-30').attach('file', gleif(file)).expect(201);
  const portfolio = (code: string) =>
    app
      .as('admin')
      .post('/api/portfolios')
      .send({ code, name: code, baseCurrency: 'USD', admittedAssets: 1e9, capitalAndSurplus: 1e8, participationRate: 0.001 })
      .expect(201);

  beforeAll(async () => {
    app = await startApp(await target());
    await portfolio('P1');
    await holdings('P1', 'holdings-before.csv');
    await app
      .as('admin')
      .post('/api/limits')
      .send({
        portfolio: 'P1',
        measure: 'MARKET_VALUE',
        name: 'Single family',
        scope: { type: 'EACH_ISSUER_FAMILY' },
        basis: 'ABSOLUTE',
        limitAmount: 50e6,
      })
      .expect(201);
  });
  afterAll(() => app.close());

  it('refuses a GLEIF file without a required column, naming it, and changes nothing', async () => {
    const res = await upload(gleif('relationships-without-status.csv'));
    expect(res.status).toBe(422);
    expect(res.body.message).toContain('Relationship.RelationshipStatus');
    expect(res.body.details).toEqual([{ row: 1, column: 'Relationship.RelationshipStatus', message: expect.any(String) }]);
    expect(await app.count('gleif_relationships')).toBe(0);
    expect(await familyOf('Facebook Operations')).toBe('Facebook Operations LLC');
  });

  it('keeps no Level 1 record while no relationship names a parent, and says so', async () => {
    const res = await upload(gleif('lei-records.csv')).expect(201);
    expect(res.body).toMatchObject({ file: 'LEI_RECORDS', leiRecordsRead: 6, leiRecordsKept: 0, linksChanged: 0, issuersCreated: 0 });
    expect(res.body.warnings).toEqual([
      "No relationship names a parent yet, so no record was kept: upload GLEIF's Level 2 relationship file, then this file again; until then its parents are named by their LEI",
    ]);
  });

  it('puts an issuer under its ACTIVE ultimate parent, a direct one only when there is no ultimate, and ignores the rest', async () => {
    const res = await upload(gleif('relationships.csv'));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      file: 'RELATIONSHIPS',
      relationshipsRead: 7,
      relationshipsUsed: 5,
      leiRecordsRead: 0,
      leiRecordsKept: 0,
      issuersLinked: 3,
      linksChanged: 3,
      issuersCreated: 1, // Blue Owl, which no Level 1 file names yet
      skipped: [
        { reason: 'NOT_ACTIVE', count: 1 },
        { reason: 'NOT_CONSOLIDATION', count: 1 },
      ],
      warnings: [
        "1 family headed by a parent that no Level 1 file names yet, named by its LEI: upload GLEIF's Level 1 LEI file to name them",
      ],
    });
    expect(await familyOf('Hyperion Funding')).toBe('5493005BLUOW0000AA34');
    expect(await familyOf('Facebook Operations')).toBe('Meta Platforms Inc');
    expect(await familyOf('Google LLC')).toBe('Alphabet Inc');
    expect(await familyOf('Old Sub')).toBe('Old Sub Inc');
    const detail = await app
      .as('viewer')
      .get(`/api/issuers/${(await issuer('Facebook Operations')).id}`)
      .expect(200);
    expect(detail.body.parents.gleif).toEqual({ id: (await issuer('Meta Platforms')).id, name: 'Meta Platforms Inc' });
  });

  it('adds up a family across its GLEIF members in the exposures', async () => {
    const { items } = (await app.as('viewer').get('/api/portfolios/P1/exposures').expect(200)).body;
    const exposure = (family: string) => items.find((i: { scope: string }) => i.scope === family)?.exposure;
    expect(exposure('Meta Platforms Inc')).toBe(11_900_000.5); // 9,800,000.00 + 2,100,000.50
    expect(exposure('Alphabet Inc')).toBe(3_900_000); // 2,900,000.00 + 1,000,000.00
    expect(exposure('Facebook Operations LLC')).toBeUndefined();
  });

  it('puts an issuer that appears in a later upload into its family at once', async () => {
    await portfolio('P2');
    const res = await holdings('P2', 'holdings-after.csv');
    expect(res.body.issuersCreated).toBe(1);
    expect(await familyOf('Later Sub')).toBe('Meta Platforms Inc');
  });

  it('names a parent known by its LEI from the Level 1 file', async () => {
    const res = await upload(gleif('lei-records.csv'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      file: 'LEI_RECORDS',
      relationshipsRead: 0,
      leiRecordsRead: 6,
      leiRecordsKept: 3, // the parents: Meta, Blue Owl and the intermediate holding
      issuersLinked: 4,
      linksChanged: 0,
      issuersCreated: 0,
      skipped: [
        { reason: 'NOT_AN_LEI', count: 1 },
        { reason: 'NO_LEGAL_NAME', count: 1 },
      ],
      warnings: [],
    });
    expect(await issuer('Blue Owl')).toMatchObject({ name: 'BLUE OWL CAPITAL INC.', lei: '5493005BLUOW0000AA34' });
    expect(await familyOf('Hyperion Funding')).toBe('BLUE OWL CAPITAL INC.');
  });

  it('lets an economic parent win over GLEIF, and changes nothing when the same file comes again', async () => {
    const [hyperion, meta] = [await issuer('Hyperion Funding'), await issuer('Meta Platforms')];
    await app.as('admin').put(`/api/issuers/${hyperion.id}/parent`).send({ parentIssuerId: meta.id, kind: 'ECONOMIC' }).expect(200);
    const again = await upload(gleif('relationships.csv')).expect(201);
    expect(again.body).toMatchObject({ relationshipsUsed: 5, issuersLinked: 4, linksChanged: 0, issuersCreated: 0 });
    expect(await familyOf('Hyperion Funding')).toBe('Meta Platforms Inc');
    const detail = await app.as('viewer').get(`/api/issuers/${hyperion.id}`).expect(200);
    expect(detail.body.parents).toMatchObject({ economic: { name: 'Meta Platforms Inc' }, gleif: { name: 'BLUE OWL CAPITAL INC.' } });
  });

  it('reads the zip GLEIF publishes', async () => {
    const res = await upload(await zipped(gleif('relationships.csv')));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ file: 'RELATIONSHIPS', relationshipsRead: 7, relationshipsUsed: 5, linksChanged: 0 });
    expect(await app.count('gleif_relationships')).toBe(5);
    const notGleif = await upload(await zipped(fixture('hierarchy/beignet-economic.csv')));
    expect(notGleif.status).toBe(422);
    expect(notGleif.body.message).toContain("one of GLEIF's files");
  });

  it('replaces the reference with a newer file, leaving out a link that would loop, with one warning', async () => {
    const res = await upload(gleif('relationships-loop.csv'));
    expect(res.status).toBe(201);
    expect(res.body.skipped).toEqual([{ reason: 'WOULD_LOOP', count: 1 }]);
    expect(res.body.warnings).toEqual([
      expect.stringMatching(/^1 GLEIF link left out, as the family would loop: Google LLC under Alphabet Inc$/),
    ]);
    expect(await familyOf('Alphabet')).toBe('Google LLC');
    expect(await familyOf('Google LLC')).toBe('Google LLC');
    expect(await familyOf('Facebook Operations')).toBe('Facebook Operations LLC');
    const audit = await app.as('admin').get('/api/audit?entity=issuer').expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'issuer.gleif-upload',
      after: expect.objectContaining({ fileName: 'relationships-loop.csv' }),
    });
  });
});

/** Hyperion Funding and its sister Beignet Investor, both under Blue Owl, whom the book does not hold. */
const SISTERS = `cusip,issuer_name,issuer_lei,par_value,market_value,maturity_date
HYPFN1AA8,Hyperion Funding LLC,5493008HYPFN0000AA19,7000000,7000000.00,2040-06-15
BEIGN1AA4,Beignet Investor LLC,5493000BEIGN0000AA79,4000000,4000000.25,2040-06-15
`;

/** The fixture's relationships and one more: Beignet Investor under Blue Owl. */
function sisterRelationships(): string {
  const lines = readFileSync(gleif('relationships.csv'), 'utf8').trimEnd().split('\n');
  const hyperion = lines.find((line) => line.startsWith('"5493008HYPFN0000AA19"'))!;
  const path = join(mkdtempSync(join(tmpdir(), 'iem-gleif-')), 'rr.csv');
  writeFileSync(path, [...lines, hyperion.replace('5493008HYPFN0000AA19', '5493000BEIGN0000AA79')].join('\n'));
  return path;
}

describe.each(testTargets())('GLEIF files in either order on %s', (_name, target) => {
  let app: TestApp;
  const upload = (path: string) => app.as('admin').post('/api/issuers/hierarchy').attach('file', path).expect(201);
  const blueOwl = async () => {
    const { items } = (await app.as('viewer').get('/api/portfolios/SIS/exposures').expect(200)).body;
    return items
      .filter((item: { familyIds: number[] }) => item.familyIds.length > 0)
      .map(({ scope, exposure, status }: { scope: string; exposure: number; status: string }) => ({ scope, exposure, status }));
  };

  beforeEach(async () => {
    app = await startApp(await target());
    await app
      .as('admin')
      .post('/api/portfolios')
      .send({ code: 'SIS', name: 'Sisters', baseCurrency: 'USD', admittedAssets: 1e9, capitalAndSurplus: 1e8, participationRate: 0.001 })
      .expect(201);
    const file = join(mkdtempSync(join(tmpdir(), 'iem-gleif-')), 'sisters.csv');
    writeFileSync(file, SISTERS);
    await app.as('officer').post('/api/portfolios/SIS/holdings').field('asOfDate', '2026-11-30').attach('file', file).expect(201);
    await app
      .as('admin')
      .post('/api/limits')
      .send({
        portfolio: 'SIS',
        measure: 'MARKET_VALUE',
        name: 'Single family',
        scope: { type: 'EACH_ISSUER_FAMILY' },
        basis: 'ABSOLUTE',
        limitAmount: 10e6,
      })
      .expect(201);
  });
  afterEach(() => app.close());

  // Hyperion Funding 7,000,000.00 + Beignet Investor 4,000,000.25: each within the 10M limit, together over it.
  const together = (scope: string) => [{ scope, exposure: 11_000_000.25, status: 'BREACH' }];

  it('Level 2 then Level 1: one family named by Level 1', async () => {
    await upload(sisterRelationships());
    await upload(gleif('lei-records.csv'));
    expect(await blueOwl()).toEqual(together('BLUE OWL CAPITAL INC.'));
  });

  it('Level 1 then Level 2: the same family, named by its LEI until a Level 1 file names it', async () => {
    expect((await upload(gleif('lei-records.csv'))).body.leiRecordsKept).toBe(0);
    expect((await upload(sisterRelationships())).body).toMatchObject({ issuersCreated: 1, linksChanged: 2 });
    expect(await blueOwl()).toEqual(together('5493005BLUOW0000AA34'));
    expect((await upload(gleif('lei-records.csv'))).body).toMatchObject({ leiRecordsKept: 3, issuersCreated: 0, linksChanged: 0 });
    expect(await blueOwl()).toEqual(together('BLUE OWL CAPITAL INC.'));
  });
});
