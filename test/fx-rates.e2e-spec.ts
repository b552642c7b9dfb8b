import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import yazl from 'yazl';
import { FxRatesService, MissingFxRate } from '../src/fx/fx-rates.service.js';
import { convertCents } from '../src/risk/fx.js';
import { fixture, startApp, type TestApp } from './support/app.js';
import { testTargets } from './support/databases.js';
import { mismatches, routeOf, type OpenApi } from './support/openapi.js';

const fx = (name: string) => fixture(`fx/${name}`);

/** The ECB's files zipped as it publishes them: eurofxref-hist.zip holds eurofxref-hist.csv. */
async function zipped(entries: Array<[path: string, name: string]>, zipName: string): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [path, name] of entries) zip.addBuffer(readFileSync(path), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const target = join(mkdtempSync(join(tmpdir(), 'iem-fx-')), zipName);
  writeFileSync(target, Buffer.concat(chunks));
  return target;
}

/** The currencies of the ECB's rates of late 2025, and the euro. */
const ECB_CURRENCIES = [
  'AUD', 'BGN', 'BRL', 'CAD', 'CHF', 'CNY', 'CZK', 'DKK', 'EUR', 'GBP', 'HKD', 'HUF', 'IDR', 'ILS', 'INR', 'ISK',
  'JPY', 'KRW', 'MXN', 'MYR', 'NOK', 'NZD', 'PHP', 'PLN', 'RON', 'SEK', 'SGD', 'THB', 'TRY', 'USD', 'ZAR',
]; // prettier-ignore

describe.each(testTargets())('FX rates on %s', (_name, target) => {
  let app: TestApp;
  let doc: OpenApi;
  const upload = (path: string) => app.as('officer').post('/api/fx-rates').attach('file', path);
  const list = (query: string) => app.as('viewer').get(`/api/fx-rates?${query}`);
  /** The answer as the OpenAPI document says it is. */
  const documented = (method: string, url: string, res: Response) => {
    const schema = routeOf(doc, method, url)!.operation.responses[String(res.status)].content!['application/json'].schema!;
    expect(mismatches(doc, schema, res.body)).toEqual([]);
    return res;
  };

  beforeAll(async () => {
    app = await startApp(await target());
    doc = (await app.anonymous().get('/docs-json').expect(200)).body;
  });
  afterAll(() => app.close());

  it('refuses a bad rate and a bad date by line and column, and stores nothing', async () => {
    const res = documented('post', '/api/fx-rates', await upload(fx('bad/rate-cell.csv')).expect(422));
    expect(res.body.message).toBe('The FX rates file has invalid cells; nothing was stored');
    expect(res.body.details).toEqual([
      {
        row: 3,
        column: 'GBP',
        message: '"0.8765O" must be a positive decimal as the ECB writes it, such as 1.0866 (N/A or empty where there is none)',
      },
      { row: 4, column: 'Date', message: expect.stringMatching(/^"2025-02-30" is not a date/) },
    ]);
    expect(await app.count('fx_rates')).toBe(0);
  });

  it('refuses a header code that is no currency (EURO), a zip of two files, and a viewer; stores nothing', async () => {
    const euro = await upload(fx('bad/header-euro.csv')).expect(422);
    expect(euro.body.details).toEqual([{ row: 1, column: 'EURO', message: expect.stringContaining('ISO 4217') }]);
    const two = await zipped(
      [
        [fx('eurofxref.csv'), 'eurofxref.csv'],
        [fx('eurofxref-hist.csv'), 'eurofxref-hist.csv'],
      ],
      'both.zip',
    );
    const twoFiles = await upload(two).expect(422);
    expect(twoFiles.body.message).toContain("an FX rates file (such as the ECB's eurofxref-hist.zip) is a zip of one CSV file");
    await app.as('viewer').post('/api/fx-rates').attach('file', fx('eurofxref.csv')).expect(403);
    expect(await app.count('fx_rates')).toBe(0);
    expect((await list('').expect(200)).body).toEqual({ items: [], total: 0 });
  });

  it("reads the ECB's history as published: a weekend gap, N/A cells, trailing commas", async () => {
    const res = documented('post', '/api/fx-rates', await upload(fx('eurofxref-hist.csv')).expect(201));
    // 30 rates on 2025-12-01 and 2025-11-28, 29 on 2025-11-27 (ISK N/A)
    expect(res.body).toEqual({ ratesRead: 89, currencies: ECB_CURRENCIES, from: '2025-11-27', to: '2025-12-01' });
    expect(await app.count('fx_rates')).toBe(89);
  });

  it("reads the ECB's daily file, and the zips of both, a rate of the same date and pair replacing the stored one", async () => {
    const daily = await upload(fx('eurofxref.csv')).expect(201);
    expect(daily.body).toEqual({ ratesRead: 30, currencies: ECB_CURRENCIES, from: '2025-12-02', to: '2025-12-02' });
    const dailyZip = await upload(await zipped([[fx('eurofxref.csv'), 'eurofxref.csv']], 'eurofxref.zip')).expect(201);
    expect(dailyZip.body).toEqual(daily.body);
    const histZip = await upload(await zipped([[fx('eurofxref-hist.csv'), 'eurofxref-hist.csv']], 'eurofxref-hist.zip')).expect(201);
    expect(histZip.body).toEqual({ ratesRead: 89, currencies: ECB_CURRENCIES, from: '2025-11-27', to: '2025-12-01' });
    expect(await app.count('fx_rates')).toBe(119);
  });

  it('reads a plain date,base,quote,rate, and a later file corrects a rate', async () => {
    const pairs = await upload(fx('pairs.csv')).expect(201);
    expect(pairs.body).toEqual({ ratesRead: 3, currencies: ['CAD', 'CHF', 'SGD', 'USD'], from: '2025-11-27', to: '2025-11-28' });
    expect((await list('base=EUR&quote=USD&from=2025-11-28&to=2025-11-28').expect(200)).body.items[0].rate).toBe(1.1581);
    const corrected = await upload(fx('corrections.csv')).expect(201);
    expect(corrected.body).toEqual({ ratesRead: 1, currencies: ['EUR', 'USD'], from: '2025-11-28', to: '2025-11-28' });
    expect((await list('base=EUR&quote=USD&from=2025-11-28&to=2025-11-28').expect(200)).body.items).toEqual([
      { date: '2025-11-28', base: 'EUR', quote: 'USD', rate: 1.159 },
    ]);
    expect(await app.count('fx_rates')).toBe(122);
  });

  it('audits each upload: who, when, the file, its counts and range', async () => {
    const audit = await app.as('admin').get('/api/audit?entity=fx_rate&limit=3').expect(200);
    expect(audit.body.total).toBe(6);
    expect(audit.body.items[0]).toMatchObject({
      actor: { email: 'officer@example.com' },
      action: 'fx.upload',
      entity: 'fx_rate',
      entityId: 'upload',
      at: '2026-11-30T12:00:00.000Z',
      after: {
        ratesRead: 1,
        currencies: ['EUR', 'USD'],
        from: '2025-11-28',
        to: '2025-11-28',
        layout: 'PAIRS',
        fileName: 'corrections.csv',
        contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(audit.body.items[1].after).toMatchObject({ layout: 'PAIRS', fileName: 'pairs.csv', ratesRead: 3 });
    expect(audit.body.items[2].after).toMatchObject({ layout: 'ECB', fileName: 'eurofxref-hist.zip', ratesRead: 89 });
  });

  it('lists the stored rates newest first, by pair, quote, dates and page', async () => {
    const usd = documented('get', '/api/fx-rates', await list('base=EUR&quote=USD').expect(200));
    expect(usd.body).toEqual({
      items: [
        { date: '2025-12-02', base: 'EUR', quote: 'USD', rate: 1.1615 },
        { date: '2025-12-01', base: 'EUR', quote: 'USD', rate: 1.1609 },
        { date: '2025-11-28', base: 'EUR', quote: 'USD', rate: 1.159 },
        { date: '2025-11-27', base: 'EUR', quote: 'USD', rate: 1.1594 },
      ],
      total: 4,
    });
    const page = await list('base=EUR&quote=USD&limit=2&offset=1').expect(200);
    expect(page.body.items.map((item: { date: string }) => item.date)).toEqual(['2025-12-01', '2025-11-28']);
    expect(page.body.total).toBe(4);
    expect((await list('quote=CAD&from=2025-11-28&to=2025-11-28').expect(200)).body).toEqual({
      items: [
        { date: '2025-11-28', base: 'EUR', quote: 'CAD', rate: 1.6177 },
        { date: '2025-11-28', base: 'USD', quote: 'CAD', rate: 1.3968 },
      ],
      total: 2,
    });
    expect((await list('base=EUR&from=2025-12-02').expect(200)).body.total).toBe(30);
    const bad = await list('base=EURO&from=2025-13-01').expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['base', 'from']);
  });

  it('crosses a pair not stored through EUR on the dates both legs have, each item with its legs', async () => {
    const gbpUsd = documented('get', '/api/fx-rates', await list('base=GBP&quote=USD&from=2025-11-27&to=2025-11-28').expect(200));
    const leg = (quote: string, rateText: string, rateDate: string) => ({ base: 'EUR', quote, rate: Number(rateText), rateText, rateDate });
    expect(gbpUsd.body).toEqual({
      items: [
        // 1.1590 / 0.87650 = 1.32230462065...
        { date: '2025-11-28', base: 'GBP', quote: 'USD', rate: 1.322304621, crossed: true, legs: [leg('GBP', '0.87650', '2025-11-28'), leg('USD', '1.1590', '2025-11-28')] },
        // 1.1594 / 0.87690 = 1.32215760064...
        { date: '2025-11-27', base: 'GBP', quote: 'USD', rate: 1.322157601, crossed: true, legs: [leg('GBP', '0.87690', '2025-11-27'), leg('USD', '1.1594', '2025-11-27')] },
      ],
      total: 2,
    }); // prettier-ignore
    // USD -> EUR is EUR -> USD turned round: 1 / 1.1615 = 0.86095566078...
    const usdEur = await list('base=USD&quote=EUR&limit=1').expect(200);
    expect(usdEur.body).toEqual({
      items: [
        { date: '2025-12-02', base: 'USD', quote: 'EUR', rate: 0.8609556608, crossed: true, legs: [leg('USD', '1.1615', '2025-12-02')] },
      ],
      total: 4,
    });
    expect((await list('base=GBP&quote=NGN').expect(200)).body).toEqual({ items: [], total: 0 });
  });

  describe('the lookup other features convert with (FxRatesService.ratesAt)', () => {
    const ratesAt = (date: string, currencies: string[], base: string) => app.nest.get(FxRatesService).ratesAt(date, currencies, base);
    const legs = (conversion: { legs: Array<{ base: string; quote: string; rateText: string; rateDate: string }> }) =>
      conversion.legs.map((leg) => `${leg.base}->${leg.quote} ${leg.rateText} ${leg.rateDate}`);

    it("takes Friday's rate on a Saturday, and the base at par", async () => {
      const rates = await ratesAt('2025-11-29', ['USD', 'EUR'], 'EUR');
      expect(rates.get('USD')).toEqual({
        from: 'USD',
        to: 'EUR',
        rate: { num: 10000n, den: 11590n },
        legs: [{ base: 'EUR', quote: 'USD', rate: 1.159, rateText: '1.1590', rateDate: '2025-11-28' }],
      });
      expect(rates.get('EUR')).toMatchObject({ rate: { num: 1n, den: 1n }, legs: [] });
      // 1,000,000.00 USD / 1.1590 = 862,812.7696... EUR
      expect(convertCents(100_000_000, rates.get('USD')!.rate)).toBe(86_281_277);
    });

    it('takes a rate 7 days old and refuses one 8 days old, naming the pair and the date', async () => {
      expect(legs((await ratesAt('2025-12-09', ['GBP'], 'EUR')).get('GBP')!)).toEqual(['EUR->GBP 0.87880 2025-12-02']);
      const refusal = ratesAt('2025-12-10', ['GBP'], 'EUR');
      await expect(refusal).rejects.toThrow(MissingFxRate);
      await expect(refusal).rejects.toThrow(
        "No EUR->GBP rate on or before 2025-12-10 (a rate may be at most 7 days older): upload the ECB's reference rates with POST /api/fx-rates",
      );
    });

    it('inverts a pair stored the other way round', async () => {
      const cad = (await ratesAt('2025-11-29', ['CAD'], 'USD')).get('CAD')!;
      expect(cad.rate).toEqual({ num: 10000n, den: 13968n });
      expect(legs(cad)).toEqual(['USD->CAD 1.3968 2025-11-28']);
    });

    it('crosses through EUR, listing its two legs', async () => {
      const gbp = (await ratesAt('2025-11-29', ['GBP'], 'USD')).get('GBP')!;
      // 1.1590 / 0.87650 = 11590/8765 = 2318/1753; 1,000,000.00 GBP = 1,322,304.62065... USD
      expect(gbp.rate).toEqual({ num: 2318n, den: 1753n });
      expect(convertCents(100_000_000, gbp.rate)).toBe(132_230_462);
      expect(legs(gbp)).toEqual(['EUR->GBP 0.87650 2025-11-28', 'EUR->USD 1.1590 2025-11-28']);
      await expect(ratesAt('2025-11-29', ['GBP', 'NGN'], 'USD')).rejects.toThrow('No EUR->NGN rate on or before 2025-11-29');
    });
  });
});
