import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { fixture, startApp, type TestApp } from './support/app.js';
import { testTargets } from './support/databases.js';
import { CUSTODIAN_EU, FUND_ETF, SPREADSHEET, SPREADSHEET_BY_ISIN } from './support/import-profiles.js';
import { PORTFOLIO } from './support/workloads.js';

describe.each(testTargets())('import profiles on %s', (_name, target) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp(await target());
    await app.as('admin').post('/api/portfolios').send(PORTFOLIO).expect(201);
    // A second portfolio for files already stored in the first: the same bytes there would be a duplicate.
    await app
      .as('admin')
      .post('/api/portfolios')
      .send({ ...PORTFOLIO, code: 'LIFE-B' })
      .expect(201);
  });
  afterAll(() => app.close());

  const upload = (file: string, profile?: string, code = 'LIFE-GA') => {
    const req = app.as('officer').post(`/api/portfolios/${code}/holdings`).field('asOfDate', '2026-11-30');
    return (profile ? req.field('profile', profile) : req).attach('file', fixture(`holdings/profiles/${file}`));
  };
  const stored = async (snapshotId: number) => {
    const [sums] = await app.db.reads.query(
      `SELECT COUNT(*) AS n, SUM(par_cents) AS par, SUM(market_cents) AS market FROM holdings WHERE snapshot_id = ${Number(snapshotId)}`,
    );
    return { rows: Number(sums.n), parCents: Number(sums.par), marketCents: Number(sums.market) };
  };
  const holdingsOf = async (snapshotId: number) =>
    (await app.as('viewer').get(`/api/snapshots/${snapshotId}/holdings?limit=1000`).expect(200)).body.items as Array<
      Record<string, unknown>
    >;

  describe('the profiles themselves', () => {
    it('are created by an admin, with the defaults filled in', async () => {
      const res = await app.as('admin').post('/api/import-profiles').send(FUND_ETF);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        ...FUND_ETF,
        numberFormat: '1,234.56',
        createdAt: '2026-11-30T12:00:00.000Z',
        updatedAt: '2026-11-30T12:00:00.000Z',
      });
      for (const profile of [SPREADSHEET, SPREADSHEET_BY_ISIN, CUSTODIAN_EU]) {
        await app.as('admin').post('/api/import-profiles').send(profile).expect(201);
      }
    });

    it('are refused to an officer (403), and a second profile of the same name (409)', async () => {
      const officer = await app
        .as('officer')
        .post('/api/import-profiles')
        .send({ ...FUND_ETF, name: 'mine' });
      expect(officer.status).toBe(403);
      await app.as('officer').put('/api/import-profiles/fund-etf').send(CUSTODIAN_EU).expect(403);
      await app.as('officer').delete('/api/import-profiles/fund-etf').expect(403);
      const again = await app.as('admin').post('/api/import-profiles').send(FUND_ETF);
      expect(again.status).toBe(409);
      expect(again.body.message).toBe('Import profile fund-etf already exists');
      await app.as('viewer').get('/api/import-profiles/mine').expect(404);
    });

    it.each([
      [
        'a date format with a bad token',
        { dateFormat: 'DD/MM/YYY' },
        'dateFormat',
        'dateFormat: "YYY" is not a token (YYYY, YY, MMM, MM, M, DD, D)',
      ],
      [
        'a column that is not ours',
        { columns: { ...FUND_ETF.columns, ticker: 'Ticker' } },
        'columns',
        expect.stringContaining('columns: "ticker" is not a holdings column (cusip, isin, issuer_name'),
      ],
      [
        'a column map without market_value',
        { columns: { issuer_name: 'Name', isin: 'ISIN', par_value: 'Par Value' } },
        'columns',
        'columns must map market_value',
      ],
      [
        'an unknown number format',
        { numberFormat: '1_234.56' },
        'numberFormat',
        'numberFormat must be one of "1,234.56", "1.234,56", "1 234,56"',
      ],
      ['an include filter without values', { include: { column: 'Asset Class', values: [] } }, 'include.values', expect.any(String)],
    ])('answer 400 naming the field for %s, storing nothing', async (_case, change, field, message) => {
      const res = await app
        .as('admin')
        .post('/api/import-profiles')
        .send({ ...FUND_ETF, name: 'refused', ...change });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(`Invalid request: ${field}`);
      expect(res.body.details).toEqual([{ field, message }]);
      await app.as('viewer').get('/api/import-profiles/refused').expect(404);
    });

    it('are listed by name, a page at a time, and shown one by one', async () => {
      const page = await app.as('viewer').get('/api/import-profiles?limit=2&offset=1').expect(200);
      expect(page.body.total).toBe(4);
      expect(page.body.items.map((p: { name: string }) => p.name)).toEqual(['fund-etf', 'fund-etf-isin']);
      const one = await app.as('viewer').get('/api/import-profiles/custodian-eu').expect(200);
      expect(one.body).toMatchObject({ ...CUSTODIAN_EU, include: null });
      const missing = await app.as('viewer').get('/api/import-profiles/nope');
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe('Import profile nope not found');
    });

    it('are replaced whole and deleted by an admin, each change audited with who, when, before and after', async () => {
      await app
        .as('admin')
        .post('/api/import-profiles')
        .send({ ...CUSTODIAN_EU, name: 'short-lived' })
        .expect(201);
      app.clock.advanceHours(1);
      const replaced = await app
        .as('admin')
        .put('/api/import-profiles/short-lived')
        .send({ columns: CUSTODIAN_EU.columns, numberFormat: '1 234,56' });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ name: 'short-lived', numberFormat: '1 234,56', dateFormat: 'YYYY-MM-DD', emptyValues: [] });
      expect(replaced.body.updatedAt > replaced.body.createdAt).toBe(true);
      await app.as('admin').put('/api/import-profiles/nope').send({ columns: CUSTODIAN_EU.columns }).expect(404);
      await app.as('admin').delete('/api/import-profiles/short-lived').expect(204);
      await app.as('viewer').get('/api/import-profiles/short-lived').expect(404);
      await app.as('admin').delete('/api/import-profiles/short-lived').expect(404);

      const audit = await app.as('admin').get('/api/audit?entity=import_profile').expect(200);
      const entries = (audit.body.items as Array<{ entityId: string; action: string }>).filter((e) => e.entityId === 'short-lived');
      expect(entries.map((e) => e.action)).toEqual(['import_profile.delete', 'import_profile.replace', 'import_profile.create']);
      const [deleted, replace, create] = entries;
      expect(create).toMatchObject({
        actor: { email: 'admin@localhost' },
        at: '2026-11-30T12:00:00.000Z',
        before: null,
        after: { name: 'short-lived', numberFormat: '1.234,56' },
      });
      expect(replace).toMatchObject({ before: { numberFormat: '1.234,56' }, after: { numberFormat: '1 234,56' } });
      expect(deleted).toMatchObject({ at: '2026-11-30T13:00:00.000Z', before: { numberFormat: '1 234,56' }, after: null });
    });
  });

  describe('an upload through a profile', () => {
    let fundSnapshot: number;

    it("stores every bond of a fund's export, to the cent, and counts the lines that are no holdings", async () => {
      const res = await upload('fund-export.csv', 'fund-etf');
      expect(res.status).toBe(201);
      // 28 lines: 9 of preamble (the 9th blank), the header, 13 bonds, a money-market fund, cash and
      // margin cash (left out by Asset Class), a blank line and the disclaimer: 28 - 1 - 13 = 14.
      expect(res.body).toEqual({
        snapshotId: expect.any(Number),
        portfolio: 'LIFE-GA',
        asOfDate: '2026-11-30',
        rows: 13,
        replacesSnapshotId: null,
        issuersCreated: 12,
        warnings: [],
        skipped: 14,
      });
      fundSnapshot = res.body.snapshotId;
      // Market values 71,246,274.07 + 12,345,678.90 + 8,765,432.10 + 4,102,030.45 + 9,875,000.55
      // + 23,456,789.01 + 1,999,999.99 + 15,000,000.00 + 33,333,333.33 + 7,654,321.00 + 18,000,000.01
      // + 5,000,000.50 + 450,123.45 = 211,228,983.36; par values sum to 217,000,000.00.
      expect(await stored(fundSnapshot)).toEqual({ rows: 13, parCents: 21700000000, marketCents: 21122898336 });
      const [first, ford] = await holdingsOf(fundSnapshot);
      expect(first).toMatchObject({
        row: 11,
        issuerName: 'GOLDMAN SACHS GROUP INC (FXD-FRN)',
        cusip: '38141GXZ2',
        isin: 'US38141GXZ26',
        marketValue: 71246274.07,
        parValue: 70000000,
        maturityDate: '2046-02-01',
        couponRate: 4.017,
        sector: 'Banking',
      });
      expect(ford).toMatchObject({ row: 12, cusip: '345397E66', maturityDate: '2031-11-04' });
    });

    it('is a duplicate when the same bytes come again for the same date', async () => {
      const res = await upload('fund-export.csv', 'fund-etf');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ snapshotId: fundSnapshot, duplicate: true, rows: 13 });
    });

    it('reads the same export with a BOM alike', async () => {
      const res = await upload('fund-export-bom.csv', 'fund-etf');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ rows: 13, skipped: 14 });
      expect(await stored(res.body.snapshotId)).toEqual({ rows: 13, parCents: 21700000000, marketCents: 21122898336 });
    });

    it('refuses spreadsheet-mangled CUSIPs, listing exactly those lines in the words of the file, and stores nothing', async () => {
      const before = await app.count('holdings');
      const res = await upload('spreadsheet-crlf.csv', 'fund-etf-sheet');
      expect(res.status).toBe(422);
      expect(res.body.message).toBe('The file has invalid rows; nothing was stored');
      expect(res.body.details).toEqual([
        { row: 12, column: 'CUSIP', message: 'CUSIP 3.45E+71 (column CUSIP) is not a CUSIP; the ISIN US345397E664 carries 345397E66' },
        { row: 13, column: 'CUSIP', message: 'CUSIP 88732Jan8 (column CUSIP) is not a CUSIP; the ISIN US88732JAN81 carries 88732JAN8' },
      ]);
      expect(await app.count('holdings')).toBe(before);
    });

    it('with only the ISIN mapped, stores every bond of that file, two-digit years after the as-of date', async () => {
      const res = await upload('spreadsheet-crlf.csv', 'fund-etf-isin');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ rows: 13, skipped: 14, warnings: [] });
      expect(await stored(res.body.snapshotId)).toEqual({ rows: 13, parCents: 21700000000, marketCents: 21122898336 });
      const byName = new Map((await holdingsOf(res.body.snapshotId)).map((h) => [h.issuerName, h]));
      expect(byName.get('GOLDMAN SACHS GROUP INC (FXD-FRN)')).toMatchObject({ maturityDate: '2046-02-01' }); // "1-Feb-46"
      expect(byName.get('NORFOLK SOUTHERN CORP')).toMatchObject({ maturityDate: '2115-09-15', cusip: '655844BZ0' }); // "15-Sep-15"
      expect(byName.get('GOLDMAN SACHS GROUP INC')).toMatchObject({ maturityDate: '2027-01-15' }); // "15-Jan-27"
      expect(byName.get('FORD MOTOR CREDIT COMPANY LLC')).toMatchObject({ cusip: '345397E66', isin: 'US345397E664' });
      expect(byName.get('TIME WARNER CABLE LLC')).toMatchObject({ cusip: '88732JAN8' });
    });

    it('reads a European custodian file: semicolons, 1.234.567,89 and DD.MM.YYYY', async () => {
      const res = await upload('european.csv', 'custodian-eu');
      expect(res.status).toBe(201);
      // 9 lines: 2 of preamble, a blank one, the header and 5 holdings: 9 - 1 - 5 = 3 skipped.
      expect(res.body).toMatchObject({ rows: 5, skipped: 3, warnings: [] });
      // Par 1,000,000.00 + 2,500,000.00 + 1,234,567.89 + 500,000.00 + 10,000,000.00 = 15,234,567.89;
      // market 1,017,812.34 + 2,469,250.00 + 1,219,135.79 + 341,850.00 + 9,375,000.00 = 14,423,048.13.
      expect(await stored(res.body.snapshotId)).toEqual({ rows: 5, parCents: 1523456789, marketCents: 1442304813 });
      const [gs, ford, , norfolk, apple] = await holdingsOf(res.body.snapshotId);
      expect(gs).toMatchObject({ row: 5, maturityDate: '2046-02-01', couponRate: 4.017, cusip: '38141GXZ2' });
      expect(ford).toMatchObject({ couponRate: 6.95, maturityDate: '2031-11-04' });
      expect(norfolk).toMatchObject({ maturityDate: '2115-09-15', marketValue: 341850 });
      expect(apple).toMatchObject({ couponRate: null, parValue: 10000000 });
    });

    it("reads a fund's XLSX export: its number and date cells as the workbook holds them, its text cells through the profile", async () => {
      const path = join(tmpdir(), `fund-${Date.now()}.xlsx`);
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Holdings');
      sheet.addRow(['Fund Holdings as of', 'Nov 28, 2026']);
      sheet.addRow([]);
      sheet.addRow(['Name', 'Sector', 'Asset Class', 'Market Value', 'Par Value', 'CUSIP', 'ISIN', 'Maturity', 'Coupon (%)', 'Currency']);
      sheet.addRow([
        'META PLATFORMS INC',
        'Technology',
        'Fixed Income',
        9875000.55,
        10000000,
        '30303MAA0',
        'US30303MAA09',
        new Date(Date.UTC(2035, 10, 15)),
        4.875,
        'USD',
      ]);
      sheet.addRow([
        'ORACLE CORP',
        'Technology',
        'Fixed Income',
        '23,456,789.01',
        '25,000,000.00',
        '68389XCA1',
        'US68389XCA19',
        'Jun 30, 2049',
        '-',
        'USD',
      ]);
      sheet.addRow(['USD CASH', 'Cash and/or Derivatives', 'Cash', 1234567.89, 1234567.89, '-', '-', '-', 0, 'USD']);
      await workbook.xlsx.writeFile(path);
      const res = await app
        .as('officer')
        .post('/api/portfolios/LIFE-B/holdings')
        .field('asOfDate', '2026-11-30')
        .field('profile', 'fund-etf')
        .attach('file', path);
      expect(res.status).toBe(201);
      // Lines 1-2 of preamble, the header on line 3, two bonds, the cash row: 6 - 1 - 2 = 3 skipped.
      expect(res.body).toMatchObject({ rows: 2, skipped: 3 });
      // 9,875,000.55 + 23,456,789.01 = 33,331,789.56; par 10,000,000.00 + 25,000,000.00.
      expect(await stored(res.body.snapshotId)).toEqual({ rows: 2, parCents: 3500000000, marketCents: 3333178956 });
      const [meta, oracle] = await holdingsOf(res.body.snapshotId);
      expect(meta).toMatchObject({ row: 4, maturityDate: '2035-11-15', couponRate: 4.875 });
      expect(oracle).toMatchObject({ row: 5, maturityDate: '2049-06-30', couponRate: null });
    });

    it('answers 404 naming an unknown profile, and stores nothing', async () => {
      const before = await app.count('snapshots');
      const res = await upload('european.csv', 'nope');
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('Import profile nope not found');
      expect(await app.count('snapshots')).toBe(before);
    });

    it('answers 422 naming the headers it looked for when the file has none of them', async () => {
      const res = await upload('european.csv', 'fund-etf', 'LIFE-B');
      expect(res.status).toBe(422);
      expect(res.body.message).toBe(
        'No line of the file holds every column import profile fund-etf names: Name, CUSIP, ISIN, Par Value, Market Value, Maturity, Coupon (%), Sector, Currency, Asset Class',
      );
    });

    it('leaves the plain upload as it was: the same export without a profile is refused for its header', async () => {
      const res = await upload('fund-export.csv', undefined, 'LIFE-B');
      expect(res.status).toBe(422);
      expect(res.body.message).toBe('The header is not a holdings file header');
    });
  });
});
