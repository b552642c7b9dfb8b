import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { testTargets } from './support/databases.js';
import { fixture, startApp, type TestApp } from './support/app.js';

const HEADER = 'cusip,issuer_name,par_value,market_value,maturity_date';

describe.each(testTargets())('holdings uploads on %s', (_name, target) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp(await target(), { UPLOAD_MAX_MB: '3' });
    await app
      .as('admin')
      .post('/api/portfolios')
      .send({
        code: 'LIFE-GA',
        name: 'General Account',
        baseCurrency: 'USD',
        admittedAssets: 40e9,
        capitalAndSurplus: 3.2e9,
        participationRate: 0.004,
      })
      .expect(201);
  });
  afterAll(() => app.close());

  const upload = (file: string, asOfDate: string | null = '2026-11-30', role: 'officer' | 'viewer' = 'officer') => {
    const req = app.as(role).post('/api/portfolios/LIFE-GA/holdings').attach('file', file);
    return asOfDate ? req.field('asOfDate', asOfDate) : req;
  };

  describe('a valid file', () => {
    let snapshotId: number;

    it('is stored as a snapshot with every row, issuers created and unknown columns listed', async () => {
      const res = await upload(fixture('holdings/ok/basic.csv'));
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        snapshotId: expect.any(Number),
        portfolio: 'LIFE-GA',
        asOfDate: '2026-11-30',
        rows: 6,
        replacesSnapshotId: null,
        issuersCreated: 5,
        warnings: [],
      });
      snapshotId = res.body.snapshotId;
    });

    it('reads back exactly, to the cent', async () => {
      const res = await app.as('viewer').get(`/api/snapshots/${snapshotId}/holdings`).expect(200);
      expect(res.body.total).toBe(6);
      const [first, secondLot, alphabet, amazon, oracleCds, hyperion] = res.body.items;
      expect(first).toMatchObject({
        row: 2,
        cusip: '30303MAA0',
        isin: 'US30303MAA09',
        parValue: 10000000,
        marketValue: 9875000.55,
        bookValue: 9900000,
        couponRate: 4.875,
        naicDesignation: '1.D',
        maturityDate: '2035-11-15',
      });
      expect(secondLot).toMatchObject({ row: 3, issuerId: first.issuerId, marketValue: 4937500.25, bookValue: 4937500.25 });
      expect(alphabet).toMatchObject({ marketValue: 7012345.67, bookValue: 7100000.1 });
      expect(amazon).toMatchObject({ cusip: null, isin: 'US023135CA22', parValue: 2000000, currency: 'USD', assetType: 'BOND' });
      expect(oracleCds).toMatchObject({ assetType: 'CDS_PROTECTION', parValue: 50000000, marketValue: 0 });
      expect(hyperion.issuerName).toBe('Hyperion Data Subsidiary LLC');
      const cents = res.body.items.reduce((sum: number, h: { marketValue: number }) => sum + Math.round(h.marketValue * 100), 0);
      expect(cents).toBe(2482484646); // 9,875,000.55 + 4,937,500.25 + 7,012,345.67 + 1,999,999.99 + 0 + 1,000,000.00
    });

    it('puts an issuer into the family of the ultimate parent its rows name', async () => {
      const found = await app.as('viewer').get('/api/issuers?search=hyperion').expect(200);
      expect(found.body.items).toHaveLength(1);
      const meta = (await app.as('viewer').get('/api/issuers?search=BQ4BKCS1HXDV9HN80Z93').expect(200)).body.items[0];
      expect(found.body.items[0].family).toEqual({ id: meta.id, name: 'Meta Platforms Inc' });
      const detail = await app.as('viewer').get(`/api/issuers/${meta.id}`).expect(200);
      expect(detail.body.members.map((m: { name: string }) => m.name).sort()).toEqual([
        'Hyperion Data Subsidiary LLC',
        'Meta Platforms Inc',
      ]);
    });

    it('uploaded again byte for byte answers 200 with the same snapshot and stores nothing new', async () => {
      const before = await app.count('holdings');
      const res = await upload(fixture('holdings/ok/basic.csv'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ snapshotId, duplicate: true, rows: 6 });
      expect(await app.count('holdings')).toBe(before);
    });

    it('accepts a BOM, CRLF lines, any column order, spaced header names and per-row as-of dates', async () => {
      const res = await upload(fixture('holdings/ok/crlf-bom-reordered.csv'), null);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        asOfDate: '2026-11-30',
        rows: 2,
        issuersCreated: 1,
        warnings: ['Unknown columns ignored: Portfolio Manager'],
      });
      const holdings = await app.as('viewer').get(`/api/snapshots/${res.body.snapshotId}/holdings`).expect(200);
      expect(holdings.body.items[0]).toMatchObject({
        cusip: '68389XCA1',
        marketValue: 2500000.1,
        parValue: 2500000,
        naicDesignation: '2.A',
      });
    });

    it('lists the snapshots newest first and marks the current one', async () => {
      const res = await app.as('viewer').get('/api/portfolios/LIFE-GA/snapshots').expect(200);
      expect(res.body.total).toBe(2);
      expect(res.body.items[0]).toMatchObject({ current: true, rows: 2 });
      expect(res.body.items[1]).toMatchObject({ id: snapshotId, current: false, format: 'CSV', fileName: 'basic.csv' });
    });

    it('reads the first sheet of an XLSX workbook', async () => {
      const path = join(tmpdir(), `holdings-${Date.now()}.xlsx`);
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Holdings');
      sheet.addRow(['CUSIP', 'Issuer Name', 'Par Value', 'Market Value', 'Maturity Date', 'Coupon Rate']);
      sheet.addRow(['02079KAA5', 'Alphabet Inc', 1000000, 987654.32, new Date(Date.UTC(2055, 4, 15)), 5.45]);
      sheet.addRow(['023135CA2', 'Amazon.com, Inc.', 500000, '499000.5', '2030-12-01', '4.1']);
      workbook.addWorksheet('Ignored').addRow(['not', 'read']);
      await workbook.xlsx.writeFile(path);
      const res = await upload(path, '2026-10-31');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ rows: 2, issuersCreated: 0, asOfDate: '2026-10-31' });
      const holdings = await app.as('viewer').get(`/api/snapshots/${res.body.snapshotId}/holdings`).expect(200);
      expect(holdings.body.items.map((h: { marketValue: number }) => h.marketValue)).toEqual([987654.32, 499000.5]);
      expect(holdings.body.items[0]).toMatchObject({ maturityDate: '2055-05-15', couponRate: 5.45 });
    });
  });

  describe('bad input is refused and nothing is stored', () => {
    const cases: Array<[string, { row: number; column: string }]> = [
      ['cusip-check', { row: 3, column: 'cusip' }],
      ['lei-check', { row: 3, column: 'issuer_lei' }],
      ['money-decimals', { row: 3, column: 'market_value' }],
      ['negative-par', { row: 3, column: 'par_value' }],
      ['impossible-date', { row: 3, column: 'maturity_date' }],
      ['matured', { row: 3, column: 'maturity_date' }],
      ['currency', { row: 3, column: 'currency' }],
      ['naic', { row: 3, column: 'naic_designation' }],
      ['isin-mismatch', { row: 3, column: 'isin' }],
      ['bond-without-identifier', { row: 3, column: 'cusip' }],
      ['asset-type', { row: 3, column: 'asset_type' }],
      ['missing-issuer-name', { row: 3, column: 'issuer_name' }],
      ['missing-column', { row: 1, column: 'market_value' }],
      ['isin-bad-cusip', { row: 3, column: 'isin' }],
      ['unclosed-quote', { row: 3, column: '' }],
    ];

    it.each(cases)('%s: 422 naming the row and the column', async (name, where) => {
      const [snapshots, holdings, issuers] = [await app.count('snapshots'), await app.count('holdings'), await app.count('issuers')];
      const res = await upload(fixture(`holdings/bad/${name}.csv`));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
      expect(res.body.details).toEqual([{ ...where, message: expect.any(String) }]);
      expect([await app.count('snapshots'), await app.count('holdings'), await app.count('issuers')]).toEqual([
        snapshots,
        holdings,
        issuers,
      ]);
    });

    it('an empty file, a header without rows and a binary file each get a clear 422', async () => {
      const binary = join(tmpdir(), `binary-${Date.now()}.bin`);
      writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
      const answers = await Promise.all([
        upload(fixture('holdings/bad/empty.csv')),
        upload(fixture('holdings/bad/header-only.csv')),
        upload(binary),
      ]);
      expect(answers.map((r) => [r.status, r.body.message])).toEqual([
        [422, 'The file is empty'],
        [422, 'The file has a header but no holdings rows'],
        [422, 'The file is neither CSV text nor an XLSX workbook (it contains binary data)'],
      ]);
    });

    it('lists the first 1,000 problems and counts them all', async () => {
      const path = join(tmpdir(), `many-bad-${Date.now()}.csv`);
      const bad = Array.from({ length: 1500 }, (_, i) => `30303MAA0,Meta Platforms Inc,${i}.999,100,2035-11-15`);
      writeFileSync(path, [HEADER, ...bad].join('\n'));
      const res = await upload(path);
      expect(res.status).toBe(422);
      expect(res.body.details).toHaveLength(1000);
      expect(res.body.details[999]).toMatchObject({ row: 1001, column: 'par_value' });
      expect(res.body.message).toContain('1500 problems');
    });

    it('an as-of date that is not a real date is a 400 naming asOfDate', async () => {
      const res = await upload(fixture('holdings/ok/basic.csv'), '2027-02-30');
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'asOfDate', message: expect.any(String) }]);
    });

    it('rows without an as-of date need the form field', async () => {
      const path = join(tmpdir(), `no-as-of-${Date.now()}.csv`);
      writeFileSync(path, `${HEADER}\n30303MAA0,Meta Platforms Inc,100,100,2035-11-15\n`);
      const res = await upload(path, null);
      expect(res.status).toBe(422);
      expect(res.body.details[0]).toMatchObject({ row: 2, column: 'as_of_date' });
    });

    it('a file over the upload limit is a 413', async () => {
      const path = join(tmpdir(), `big-${Date.now()}.csv`);
      writeFileSync(path, HEADER + '\n' + '30303MAA0,Meta Platforms Inc,100,100,2035-11-15\n'.repeat(80_000));
      const res = await upload(path);
      expect(res.status).toBe(413);
      expect(res.body.message).toContain('UPLOAD_MAX_MB');
    });

    it('a quoted field that never closes in a large file is a 422 on its line, without reading the rest into memory', async () => {
      const path = join(tmpdir(), `unclosed-${Date.now()}.csv`);
      const good = '30303MAA0,Meta Platforms Inc,100,100,2035-11-15';
      writeFileSync(path, [HEADER, good, '30303MAA0,"Meta Platforms Inc,100,100,2035-11-15', ...Array(30_000).fill(good)].join('\n'));
      const res = await upload(path);
      expect(res.status).toBe(422);
      expect(res.body.details).toEqual([{ row: 3, column: '', message: 'a quoted field is not closed, or the line is longer than 1 MB' }]);
    });

    it('rows must all carry an as-of date when the form has none', async () => {
      const path = join(tmpdir(), `partial-as-of-${Date.now()}.csv`);
      writeFileSync(
        path,
        `${HEADER},as_of_date\n30303MAA0,Meta Platforms Inc,100,100,2035-11-15,2026-10-31\n30303MAA0,Meta Platforms Inc,100,100,2035-11-15,\n30303MAA0,Meta Platforms Inc,100,100,2035-11-15,2026-09-30\n`,
      );
      const res = await upload(path, null);
      expect(res.status).toBe(422);
      expect(res.body.details.map((d: { row: number; column: string }) => [d.row, d.column])).toEqual([
        [3, 'as_of_date'],
        [4, 'as_of_date'],
      ]);
    });

    it('a multipart body without a boundary is a 400', async () => {
      const res = await app.as('officer').post('/api/portfolios/LIFE-GA/holdings').set('Content-Type', 'multipart/form-data').send('abc');
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('multipart');
    });

    it('a viewer may not upload, and an unknown portfolio is a 404', async () => {
      expect((await upload(fixture('holdings/ok/basic.csv'), '2026-11-30', 'viewer')).status).toBe(403);
      const res = await app
        .as('officer')
        .post('/api/portfolios/NOPE/holdings')
        .field('asOfDate', '2026-11-30')
        .attach('file', fixture('holdings/ok/basic.csv'));
      expect(res.status).toBe(404);
    });
  });

  it('stores text with backslashes, quotes and tabs as it was', async () => {
    const path = join(tmpdir(), `escapes-${Date.now()}.csv`);
    writeFileSync(path, `${HEADER},sector\n594918CA0,"Back\\slash ""Quoted""\tTabbed Co",100,100,2040-01-15,"a\\b"\n`);
    const res = await upload(path, '2026-12-30');
    expect(res.status).toBe(201);
    const [holding] = (await app.as('viewer').get(`/api/snapshots/${res.body.snapshotId}/holdings`).expect(200)).body.items;
    expect(holding).toMatchObject({ issuerName: 'Back\\slash "Quoted"\tTabbed Co', sector: 'a\\b' });
  });

  it('the same file sent twice at once is stored once', async () => {
    const path = join(tmpdir(), `twice-${Date.now()}.csv`);
    writeFileSync(path, `${HEADER}\n02079KAA5,Alphabet Inc,500,499.5,2055-05-15\n`);
    const answers = await Promise.all([upload(path, '2026-12-31'), upload(path, '2026-12-31')]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(answers[0].body.snapshotId).toBe(answers[1].body.snapshotId);
  });

  it('says which snapshot a second upload of the same as-of date replaces as the current holdings, and none for a new date', async () => {
    const file = (name: string, par: number) => {
      const path = join(tmpdir(), `${name}-${Date.now()}.csv`);
      writeFileSync(path, `${HEADER}\n02079KAA5,Alphabet Inc,${par},${par},2055-05-15\n`);
      return path;
    };
    const first = await upload(file('first', 700), '2027-01-29');
    expect(first.body.replacesSnapshotId).toBeNull();
    const corrected = await upload(file('corrected', 750), '2027-01-29');
    expect(corrected.status).toBe(201);
    expect(corrected.body.replacesSnapshotId).toBe(first.body.snapshotId);
    // An older date does not become the current holdings, so it replaces nothing
    expect((await upload(file('older', 800), '2027-01-28')).body.replacesSnapshotId).toBeNull();
  });

  it('every upload is in the audit log', async () => {
    const res = await app.as('admin').get('/api/audit?entity=snapshot').expect(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(3);
    expect(res.body.items.at(-1)).toMatchObject({
      action: 'snapshot.create',
      actor: { email: 'officer@example.com' },
      after: { rows: 6, fileName: 'basic.csv' },
    });
  });
});
