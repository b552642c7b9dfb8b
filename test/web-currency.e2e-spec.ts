import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ServiceProcess } from '../bench/support/service.js';
import { launchChromium } from './support/browser.js';

/** Kept by CI as artifacts; .gitignore'd. */
const SCREENSHOTS = join(import.meta.dirname, '..', 'test-output', 'screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Meta's lot is written in dollars and converted at the as-of date's rate (USD 56,250,000.00 / 1.25
 * = EUR 45,000,000.00); Oracle's is in euros. The deal ahead is in dollars too.
 */
const HOLDINGS = [
  'cusip,issuer_name,issuer_lei,par_value,market_value,currency,maturity_date,coupon_rate,naic_designation,sector,asset_type',
  '30303MAA0,Meta Platforms Inc,BQ4BKCS1HXDV9HN80Z93,56250000,56250000,USD,2035-11-15,4.875,1.D,Technology,BOND',
  '68389XCA1,Oracle Corp,1Z4GXXU7ZHVWFCD8TV52,23000000,23000000,EUR,2030-09-20,4,2.A,Technology,BOND',
].join('\n');
/** 1 EUR = 1.25 USD on the as-of date: 1 USD = 0.8 EUR exactly. */
const RATES = 'date,base,quote,rate\n2026-11-30,EUR,USD,1.25\n';

/** Every amount to the cent of at least a thousand ("1,234.56") in a text, with the three capital letters before it, if any. */
function amountsIn(text: string): string[] {
  return [...text.matchAll(/(?:[A-Z]{3} )?-?\d{1,3}(?:,\d{3})+\.\d\d(?!\d|%)/g)].map((m) => m[0]);
}

/**
 * A EUR book through the API: 2.5% of EUR 1,000,000,000.00 (EUR 25,000,000.00) a family, Meta over it
 * (EUR 45,000,000.00 from dollars), Oracle near it (EUR 23,000,000.00) with a USD 2,500,000,000.00 deal
 * ahead: EUR 2,000,000,000.00 at 1.25, of which the book expects 0.4% at 50%, EUR 4,000,000.00.
 */
async function loadEuroBook(service: ServiceProcess): Promise<string> {
  const post = async (path: string, body: object | FormData) => {
    const res = await service.api(path, { method: 'POST', body: body instanceof FormData ? body : JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const officer = (await post('/api/users', { email: 'officer@example.com', name: 'Officer', role: 'officer' })).apiKey as string;
  const book = {
    code: 'EUR-GA',
    name: 'Euro account',
    baseCurrency: 'EUR',
    admittedAssets: 1e9,
    capitalAndSurplus: 1e8,
    participationRate: 0.004,
  };
  await post('/api/portfolios', book);
  const rates = new FormData();
  rates.set('file', new Blob([RATES], { type: 'text/csv' }), 'rates.csv');
  await post('/api/fx-rates', rates);
  const form = new FormData();
  form.set('asOfDate', '2026-11-30');
  form.set('file', new Blob([HOLDINGS], { type: 'text/csv' }), 'holdings.csv');
  await post('/api/portfolios/EUR-GA/holdings', form);
  await post('/api/limits', {
    name: 'Single issuer family 2.5%',
    portfolio: null,
    scope: { type: 'EACH_ISSUER_FAMILY' },
    measure: 'MARKET_VALUE',
    basis: 'PCT_ADMITTED_ASSETS',
    limitPct: 2.5,
    source: 'Investment policy 4.2',
  });
  await post('/api/issuance/deals', {
    issuer: 'Oracle Corp',
    expectedDate: '2027-03-15',
    amount: 2.5e9,
    currency: 'USD',
    probability: 0.5,
  });
  await post('/api/evaluations', {});
  return officer;
}

describe('the web page of a EUR book in Chromium', () => {
  let service: ServiceProcess;
  let browser: Browser;
  let officer: string;
  let problems: string[];
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [service, browser] = await Promise.all([ServiceProcess.start(), launchChromium()]);
    officer = await loadEuroBook(service);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });
  beforeEach(async () => {
    problems = [];
    const context = await browser.newContext({ viewport: { width: 1000, height: 720 } });
    page = await context.newPage();
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('pageerror', (err) => problems.push(`error: ${err.message}`));
    await page.goto(service.url);
    await page.getByRole('textbox', { name: 'API key' }).fill(officer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });
  afterEach(async () => {
    await page.context().close();
    expect(problems).toEqual([]);
  });

  /** No serious accessibility problem, a screenshot, and every amount of the page's text with its currency. */
  async function checkAndShoot(name: string): Promise<string[]> {
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string | null }> }> } }).axe;
      return (await axe.run()).violations;
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    const amounts = amountsIn(await page.locator('body').innerText());
    expect(amounts.length).toBeGreaterThan(0);
    expect(amounts.filter((a) => !/^(EUR|USD) /.test(a))).toEqual([]);
    return amounts;
  }

  it('shows the breaches and a breach with its figures, lots and chart in EUR', async () => {
    await page.goto(`${service.url}/breaches?severity=BREACH`);
    const meta = page.getByRole('row', { name: /Meta Platforms Inc/ });
    await meta.waitFor();
    expect(await meta.getByRole('cell').nth(4).textContent()).toBe('180.00% of EUR 25,000,000.00 today');
    expect(await checkAndShoot('eur-breaches')).not.toContainEqual(expect.stringMatching(/^USD/));

    await meta.getByRole('link', { name: 'Meta Platforms Inc' }).click();
    await page.getByRole('img', { name: /^Meta Platforms Inc: exposure against .*, in EUR$/ }).waitFor();
    await page.getByText('EUR 45,000,000.00 against a limit of EUR 25,000,000.00: 180.00%, today').waitFor();
    expect(await page.locator('svg.exposure-chart text.y-unit').textContent()).toBe('EUR M');
    const lots = page.getByRole('table', { name: /lots? behind it/ });
    const lot = lots.locator('tbody tr').filter({ hasText: '30303MAA0' });
    await lot.waitFor();
    expect(await lot.getByRole('cell').allTextContents()).toEqual([
      '2',
      'Meta Platforms Inc',
      'Bond',
      '30303MAA0',
      'EUR 45,000,000.00 (USD 56,250,000.00)',
      'EUR 45,000,000.00 (USD 56,250,000.00)',
      '2035-11-15',
      '1.D',
      'EUR 45,000,000.00',
    ]);
    // The lot's own dollars beside its euros, and nothing else in dollars.
    expect((await checkAndShoot('eur-breach')).filter((a) => a.startsWith('USD'))).toEqual(['USD 56,250,000.00', 'USD 56,250,000.00']);
  });

  it('shows headroom, limit bases, capacity and the pre-trade check in EUR, and a deal in its own currency', async () => {
    await page.goto(`${service.url}/headroom`);
    const families = page.getByRole('table', { name: /Issuer families of EUR-GA/ });
    const oracle = families.getByRole('row', { name: /Oracle Corp/ });
    await oracle.waitFor();
    expect(await oracle.getByRole('cell').allTextContents()).toEqual([
      'EUR 23,000,000.00',
      'EUR 25,000,000.00 = 2.5% of admitted assets EUR 1,000,000,000.00 Single issuer family 2.5% (Investment policy 4.2)',
      'EUR 2,000,000.00',
      '92.00%',
      expect.stringMatching(/^-EUR 2,000,000\.00 on 2027-03-31$/),
      expect.stringMatching(/^2027-03-31/),
    ]);
    const deal = page.getByRole('row', { name: /Oracle Corp 2027-03-15/ });
    await deal.getByText('Single issuer family 2.5% on Oracle Corp').waitFor();
    expect((await deal.getByRole('cell').allTextContents()).slice(1, 4)).toEqual(['USD 2,500,000,000.00', '50%', 'EUR 2,000,000.00']);

    const form = page.getByRole('form', { name: 'Pre-trade check' });
    await page.getByText('The amount is in EUR, the base currency of EUR-GA').waitFor();
    await form.getByRole('textbox', { name: 'Issuer' }).fill('Oracle Corp');
    await form.getByRole('textbox', { name: 'Amount' }).fill('1,000,000.50');
    await form.getByRole('button', { name: 'Check trade' }).click();
    const row = page.getByRole('table', { name: /The limit checks the trade changes/ }).getByRole('row', { name: /Oracle Corp/ });
    await row.waitFor();
    expect((await row.getByRole('cell').allTextContents()).slice(1, 3)).toEqual([
      'EUR 23,000,000.00 of EUR 25,000,000.00, 92.00%, WARNING',
      'EUR 24,000,000.50 of EUR 25,000,000.00, 96.00%, WARNING',
    ]);
    const amounts = await checkAndShoot('eur-headroom');
    expect(amounts.filter((a) => a.startsWith('USD'))).toEqual(['USD 2,500,000,000.00']); // the deal's size only

    await form.getByRole('textbox', { name: 'Amount' }).fill('€50m');
    await form.getByRole('button', { name: 'Check trade' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: "Amount: a number such as 50000000 or 1,000,000.50 (EUR, the portfolio's base currency; no currency sign or M)" })
      .waitFor();
    expect(problems.splice(0)).toEqual([expect.stringContaining('status of 400 (Bad Request)')]);
  });

  it('names the base currency on the holdings page', async () => {
    await page.goto(`${service.url}/holdings`);
    await page.getByText('Base currency of EUR-GA: EUR.').waitFor();
    await page.getByRole('table').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'eur-holdings.png'), fullPage: true });
  });
});
