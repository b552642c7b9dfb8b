import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { cusipOf } from '../bench/holdings-generator.js';
import { ServiceProcess } from '../bench/support/service.js';
import { fixture } from './support/app.js';
import { launchChromium } from './support/browser.js';

/** Kept by CI as artifacts; .gitignore'd. */
const SCREENSHOTS = join(import.meta.dirname, '..', 'test-output', 'screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const MARKUP_ISSUER = '<img src=x onerror=alert(1)>';
const HOLDINGS = [
  'cusip,isin,issuer_name,issuer_lei,par_value,market_value,currency,maturity_date,coupon_rate,naic_designation,sector,asset_type',
  '30303MAA0,US30303MAA09,Meta Platforms Inc,BQ4BKCS1HXDV9HN80Z93,40000000,40000000,USD,2035-11-15,4.875,1.D,Technology,BOND',
  '30303MAB8,,Meta Platforms Inc,BQ4BKCS1HXDV9HN80Z93,5000000,5000000,USD,2032-11-15,4.2,1.D,Technology,BOND',
  `${cusipOf('XS5IMG', 'AA')},,${MARKUP_ISSUER},,30000000,30000000,USD,2040-06-30,5,2.B,Technology,BOND`,
  `${cusipOf('68389X', 'BV')},,Oracle Corp,1Z4GXXU7ZHVWFCD8TV52,23000000,23000000,USD,2030-09-20,4,2.A,Technology,BOND`,
  `${cusipOf('023135', 'CA')},,Amazon.com Inc,ZXTILKJKG63JELOEG630,23500000,23500000,USD,2030-12-01,4.1,1.C,Technology,BOND`,
  '02079KAA5,,Alphabet Inc,5493006MHB84DD0ZWV18,5000000,5000000,USD,2055-05-15,5.45,1.B,Technology,BOND',
].join('\n');
/** The browser's own line for the 422 the upload of a bad file is expected to answer. */
const EXPECTED_422 = 'Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)';

interface Keys {
  officer: string;
  second: string;
  viewer: string;
}

/** The workspace, through the API: a $1B portfolio, a 2.5% family limit ($25M) that Meta and the markup-named issuer break, Oracle nears and a deal takes over. */
async function loadWorkspace(service: ServiceProcess): Promise<Keys> {
  const post = async (path: string, body: object | FormData) => {
    const res = await service.api(path, { method: 'POST', body: body instanceof FormData ? body : JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const user = async (email: string, role: string) => (await post('/api/users', { email, name: email, role })).apiKey as string;
  const keys = {
    officer: await user('officer@example.com', 'officer'),
    second: await user('second@example.com', 'officer'),
    viewer: await user('viewer@example.com', 'viewer'),
  };
  await post('/api/portfolios', {
    code: 'LIFE-GA',
    name: 'General Account',
    baseCurrency: 'USD',
    admittedAssets: 1e9,
    capitalAndSurplus: 1e8,
    participationRate: 0.004,
  });
  const form = new FormData();
  form.set('asOfDate', '2026-11-30');
  form.set('file', new Blob([HOLDINGS], { type: 'text/csv' }), 'holdings.csv');
  await post('/api/portfolios/LIFE-GA/holdings', form);
  await post('/api/limits', {
    name: 'Single issuer family 2.5%',
    portfolio: null,
    scope: { type: 'EACH_ISSUER_FAMILY' },
    measure: 'MARKET_VALUE',
    basis: 'PCT_ADMITTED_ASSETS',
    limitPct: 2.5,
    source: 'Investment policy 4.2',
  });
  await post('/api/issuance/deals', { issuer: 'Oracle Corp', expectedDate: '2027-03-15', amount: 2e9, probability: 0.5 });
  await post('/api/evaluations', {});
  return keys;
}

describe('the web page in Chromium', () => {
  let service: ServiceProcess;
  let browser: Browser;
  let keys: Keys;
  /** What each page opened by the current test wrote to its console, threw, or opened as a dialog. */
  let problems: string[];
  let pages: Page[];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [service, browser] = await Promise.all([ServiceProcess.start(), launchChromium()]);
    keys = await loadWorkspace(service);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });
  beforeEach(() => {
    problems = [];
    pages = [];
  });
  afterEach(async () => {
    await Promise.all(pages.map((page) => page.context().close()));
    expect(problems).toEqual([]);
  });

  /** A fresh browser (its own cookies) at `path`, signed in there with `key`. */
  async function signedIn(key: string, path = '/'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 720 } });
    const page = await context.newPage();
    pages.push(page);
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()} (${m.location().url})`)));
    page.on('pageerror', (err) => problems.push(`error: ${err.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(`${service.url}${path}`);
    await page.getByRole('textbox', { name: 'API key' }).fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  /** axe-core in the page (evaluated, which the CSP does not block): its serious and critical violations. */
  async function accessibilityProblems(page: Page): Promise<string[]> {
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const { violations } = await (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe.run();
      return violations;
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }

  async function checkAndShoot(page: Page, name: string): Promise<void> {
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  }

  const column = (page: Page, n: number) => page.locator(`tbody tr > :nth-child(${n})`).allTextContents();
  const breachId = (page: Page) => Number(new URL(page.url()).pathname.split('/').pop());
  const apiBreach = async (id: number) =>
    (await (await service.api(`/api/breaches/${id}`)).json()) as { status: string; history: object[] };

  it('signs in with an API key, filters breaches by severity in the URL, and signs out', async () => {
    const page = await signedIn(keys.officer);
    for (const name of ['Breaches', 'Headroom', 'Holdings', 'Evaluations']) await page.getByRole('link', { name }).waitFor();
    await page.getByRole('columnheader', { name: 'Projected breach' }).waitFor();
    expect(await column(page, 4)).toContain('Warning');

    await page.getByRole('combobox', { name: 'Severity' }).selectOption('BREACH');
    await page.waitForURL(/severity=BREACH/);
    await page.getByRole('row', { name: /Amazon/ }).waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Meta Platforms Inc/ }).waitFor();
    const severities = await column(page, 4);
    expect(severities.length).toBeGreaterThanOrEqual(3);
    expect(new Set(severities)).toEqual(new Set(['Breach']));
    // the Limit column names each limit with its source
    expect(new Set(await column(page, 3))).toEqual(new Set(['Single issuer family 2.5% (Investment policy 4.2)']));
    for (const header of ['Portfolio', 'Scope', 'Limit', 'Severity', 'Status', 'Utilization', 'Projected breach'])
      await page.getByRole('columnheader', { name: header, exact: true }).waitFor();

    await page.reload();
    expect(await page.getByRole('combobox', { name: 'Severity' }).inputValue()).toBe('BREACH');
    await checkAndShoot(page, 'breaches');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.context().cookies()).toEqual([]);
  });

  it('opens a breach from its row with its chart and lots, and an officer acknowledges it with a comment', async () => {
    const page = await signedIn(keys.officer, '/breaches?severity=BREACH');
    await page.getByRole('link', { name: 'Meta Platforms Inc' }).click();
    await page.getByRole('heading', { name: 'Meta Platforms Inc', level: 1 }).waitFor();
    await page.getByRole('img', { name: /exposure/ }).waitFor();
    const lots = page.getByRole('table', { name: /lots behind it/ });
    expect(await lots.getByRole('cell', { name: '30303MAA0' }).count()).toBe(1);
    expect(await page.getByRole('listitem').filter({ hasText: 'Opened by system' }).count()).toBe(1);
    await checkAndShoot(page, 'breach');

    await page.getByRole('textbox', { name: 'Comment' }).fill('Seen: selling $20M this week');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('status').filter({ hasText: 'Acknowledged' }).waitFor();
    await page.getByRole('definition').filter({ hasText: 'Acknowledged' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Acknowledged by officer@example.com: Seen: selling $20M this week' }).waitFor();
    const breach = await apiBreach(breachId(page));
    expect(breach.status).toBe('ACKNOWLEDGED');
    expect(breach.history.at(-1)).toMatchObject({
      type: 'ACKNOWLEDGED',
      actor: 'officer@example.com',
      text: 'Seen: selling $20M this week',
    });
  });

  it('shows a viewer no action buttons', async () => {
    const page = await signedIn(keys.viewer, '/breaches?severity=BREACH');
    await page.getByRole('link', { name: 'Meta Platforms Inc' }).click();
    await page.getByRole('img', { name: /exposure/ }).waitFor();
    expect(await page.getByRole('button').allTextContents()).toEqual(['Sign out']);
    expect(await page.getByRole('textbox', { name: 'Comment' }).count()).toBe(0);
    for (const [link, heading] of [
      ['Holdings', 'Holdings'],
      ['Evaluations', 'Evaluations'],
    ]) {
      await page.getByRole('link', { name: link }).click();
      await page.getByRole('table').waitFor();
      expect([heading, await page.getByRole('button').allTextContents()]).toEqual([heading, ['Sign out']]);
    }
  });

  it('uploads holdings and shows every row problem of a bad file as Row, Column, Message', async () => {
    const page = await signedIn(keys.officer, '/holdings');
    await page.getByLabel('As-of date').fill('2026-12-31');
    await page.getByLabel('Holdings file').setInputFiles(fixture('holdings/bad/negative-par.csv'));
    await page.getByRole('button', { name: 'Upload' }).click();
    const table = page.getByRole('table', { name: /problems of the file/ });
    await table.waitFor();
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    const form = new FormData();
    form.set('asOfDate', '2026-12-31');
    form.set('file', new Blob([readFileSync(fixture('holdings/bad/negative-par.csv'))]), 'negative-par.csv');
    const answer = (await (await service.api('/api/portfolios/LIFE-GA/holdings', { method: 'POST', body: form })).json()) as {
      details: Array<{ row: number; column: string; message: string }>;
    };
    expect(answer.details.length).toBeGreaterThan(0);
    expect(rows).toEqual(answer.details.map((d: { row: number; column: string; message: string }) => [String(d.row), d.column, d.message]));
    for (const header of ['Row', 'Column', 'Message']) await table.getByRole('columnheader', { name: header }).waitFor();
    expect(problems.splice(0)).toEqual([`console: ${EXPECTED_422} (${service.url}/api/portfolios/LIFE-GA/holdings)`]);
    await checkAndShoot(page, 'holdings');
  });

  it('takes two officers for a waiver: the one who asked is not offered to approve it (the API refuses him), another approves', async () => {
    const asker = await signedIn(keys.officer, '/breaches?severity=BREACH');
    await asker.getByRole('link', { name: 'Oracle Corp' }).click();
    await asker.getByRole('heading', { name: 'Oracle Corp' }).waitFor();
    const id = breachId(asker);
    await asker.getByLabel('Waive until').fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
    await asker.getByRole('textbox', { name: 'Reason' }).fill('Board approved a temporary excess');
    await asker.getByRole('button', { name: 'Request waiver' }).click();
    await asker.getByText('Waiver asked by officer@example.com').waitFor();
    expect(await asker.getByRole('button', { name: 'Approve waiver' }).count()).toBe(0);
    expect((await service.api(`/api/breaches/${id}/waiver/approve`, { method: 'POST' }, keys.officer)).status).toBe(403);

    const approver = await signedIn(keys.second, `/breaches/${id}`);
    await approver.getByRole('button', { name: 'Approve waiver' }).click();
    await approver
      .getByRole('definition')
      .filter({ hasText: /^Waived until/ })
      .waitFor();
    expect((await apiBreach(id)).status).toBe('WAIVED');
  });

  it('shows an issuer named like markup as text, and runs none of it', async () => {
    const page = await signedIn(keys.officer, '/breaches');
    await page.getByRole('link', { name: MARKUP_ISSUER }).click();
    await page.getByRole('heading', { name: MARKUP_ISSUER, level: 1 }).waitFor();
    await page.getByRole('img', { name: /exposure/ }).waitFor();
    expect(await page.getByRole('cell', { name: MARKUP_ISSUER }).count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Headroom' }).click();
    await page.getByRole('rowheader', { name: MARKUP_ISSUER }).waitFor();
    expect(await page.locator('img').count()).toBe(0);
  });

  it('shows headroom under a chosen scenario with the capacity of upcoming deals, and runs an evaluation whose reports open', async () => {
    const page = await signedIn(keys.officer, '/headroom');
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption('stress');
    await page.waitForURL(/scenario=stress/);
    const families = page.getByRole('table', {
      name: /Issuer families of LIFE-GA: today, the holdings as of 2026-11-30 .* the stress scenario/,
    });
    for (const header of ['Family', 'Exposure', 'Limit', 'Headroom', 'Utilization'])
      await families.getByRole('columnheader', { name: header, exact: true }).waitFor();
    await families
      .getByRole('row', { name: /Meta Platforms Inc/ })
      .getByRole('cell', { name: /Single issuer family 2\.5% \(Investment policy 4\.2\)/ })
      .waitFor();
    const deal = page.getByRole('row', { name: /Oracle Corp 2027-03-15/ });
    await deal.getByText('Single issuer family 2.5% on Oracle Corp').waitFor();
    await page.getByRole('columnheader', { name: 'Capacity' }).waitFor();
    await checkAndShoot(page, 'headroom');

    await page.getByRole('link', { name: 'Evaluations' }).click();
    await page.getByRole('button', { name: 'Run evaluation' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Run 2: / })
      .waitFor();
    await page.getByRole('rowheader', { name: '2', exact: true }).waitFor();
    await checkAndShoot(page, 'evaluations');
    const [report] = await Promise.all([
      page.waitForEvent('response', (r) => r.url().includes('format=html')),
      page.getByRole('link', { name: 'Report (HTML)' }).first().click(),
    ]);
    expect([report.status(), report.headers()['content-type']]).toEqual([200, expect.stringContaining('text/html')]);
    await page.goBack();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Report (CSV)' }).first().click()]);
    expect(readFileSync((await download.path())!, 'utf8')).toContain('Oracle Corp');
  });

  it('checks a trade typed in on the headroom view before it is placed, to the cent, for officers only', async () => {
    const page = await signedIn(keys.officer, '/headroom');
    const form = page.getByRole('form', { name: 'Pre-trade check' });
    await form.getByRole('textbox', { name: 'Issuer' }).fill('Oracle Corp');
    await form.getByRole('textbox', { name: 'Amount' }).fill('1,000,000.50');
    await form.getByRole('combobox', { name: 'Side' }).selectOption('BUY');
    await form.getByRole('button', { name: 'Check trade' }).click();
    // Oracle $23,000,000.00 + $1,000,000.50 of 2.5% of $1B; its deal adds $2B x 0.5 x 0.4% = $4,000,000.00 from 2027-03-31
    await page.getByRole('status').filter({ hasText: 'Verdict: Warning today, Breach over 24 months (base)' }).waitFor();
    const row = page.getByRole('table', { name: /The limit checks the trade changes/ }).getByRole('row', { name: /Oracle Corp/ });
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'Single issuer family 2.5% (Investment policy 4.2)',
      'USD 23,000,000.00 of USD 25,000,000.00, 92.00%, WARNING',
      'USD 24,000,000.50 of USD 25,000,000.00, 96.00%, WARNING',
      'BREACH on 2027-03-31',
    ]);
    await checkAndShoot(page, 'pre-trade');
    // A misspelt issuer is said to be no issuer we know, before the verdict it would otherwise pass with
    await form.getByRole('textbox', { name: 'Issuer' }).fill('Orcle');
    await form.getByRole('button', { name: 'Check trade' }).click();
    const unknown = page.getByRole('alert').filter({ hasText: 'Orcle is not an issuer we hold or expect: did you mean Oracle Corp?' });
    await unknown.waitFor();
    const verdict = page.getByRole('status').filter({ hasText: 'Verdict: Pass today' });
    expect((await unknown.boundingBox())!.y).toBeLessThan((await verdict.boundingBox())!.y);
    const viewer = await signedIn(keys.viewer, '/headroom');
    await viewer.getByRole('columnheader', { name: 'Capacity' }).waitFor();
    expect(await viewer.getByRole('button', { name: 'Check trade' }).count()).toBe(0);
  });

  /** Every element's role and accessible name, from the browser's accessibility tree. */
  async function accessibleNames(page: Page): Promise<Array<[role: string, name: string]>> {
    const tree = await page.locator('body').ariaSnapshot();
    return [...tree.matchAll(/^\s*- ([a-z]+) "((?:[^"\\]|\\.)*)"/gm)].map((m) => [m[1], JSON.parse(`"${m[2]}"`) as string]);
  }

  /** Each contract name of SPEC 5.8.1 carried by one element of the page (column headers aside: each table has its own), and found once by its label. */
  async function expectUniqueNames(page: Page, names: string[], labelled: string[]): Promise<void> {
    const all = await accessibleNames(page);
    const carriers = (name: string) => all.filter(([role, n]) => role !== 'columnheader' && n.toLowerCase() === name.toLowerCase());
    expect(names.map((name) => [name, carriers(name).map(([role]) => role)])).toEqual(names.map((name) => [name, [expect.any(String)]]));
    // getByLabel matches by substring: "Portfolio" would find a form "Portfolio and scenario" too
    for (const name of labelled) expect([name, await page.getByLabel(name).count()]).toEqual([name, 1]);
  }

  it('gives each contract name of SPEC 5.8.1 to one element on every page', async () => {
    const context = await browser.newContext();
    const signIn = await context.newPage();
    pages.push(signIn);
    await signIn.goto(service.url);
    await signIn.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectUniqueNames(signIn, ['API key', 'Sign in'], ['API key']);
    const nav = ['Breaches', 'Headroom', 'Holdings', 'Evaluations', 'Sign out'];
    const page = await signedIn(keys.officer, '/breaches');
    await page.getByRole('columnheader', { name: 'Projected breach' }).waitFor();
    const filters = ['Status', 'Severity', 'Kind', 'Scenario', 'Portfolio'];
    await expectUniqueNames(page, [...nav, ...filters], filters);
    const open = (await (await service.api('/api/breaches?status=OPEN')).json()) as {
      items: Array<{ id: number; waiverRequest: object | null }>;
    };
    await page.goto(`${service.url}/breaches/${open.items.find((b) => !b.waiverRequest)!.id}`);
    await page.getByRole('button', { name: 'Request waiver' }).waitFor();
    const actions = ['Comment', 'Add comment', 'Request waiver', 'Waive until', 'Reason'];
    await expectUniqueNames(page, [...nav, ...actions], ['Comment', 'Waive until', 'Reason']);
    await page.getByRole('link', { name: 'Holdings' }).click();
    await page.getByRole('button', { name: 'Upload' }).waitFor();
    const upload = ['Portfolio', 'Holdings file', 'As-of date'];
    await expectUniqueNames(page, [...nav, ...upload, 'Upload'], upload);
    await page.getByRole('link', { name: 'Headroom' }).click();
    await page.getByRole('columnheader', { name: 'Capacity' }).waitFor();
    await expectUniqueNames(page, [...nav, 'Portfolio', 'Scenario'], ['Portfolio', 'Scenario']);
    await page.getByRole('link', { name: 'Evaluations' }).click();
    await page.getByRole('button', { name: 'Run evaluation' }).waitFor();
    await expectUniqueNames(page, [...nav, 'Run evaluation'], []);
  });

  it('says what each figure rests on: one scenario per row, over the limit today, a limit as a share of admitted assets, the snapshot an upload replaces', async () => {
    const page = await signedIn(keys.officer, '/breaches');
    // Meta holds $45,000,000.00 against $25,000,000.00 today: over the limit, not projected to breach
    const meta = page.getByRole('row', { name: /Meta Platforms Inc/ });
    expect(await meta.getByRole('cell').allTextContents()).toEqual([
      'LIFE-GA',
      'Single issuer family 2.5% (Investment policy 4.2)',
      'Breach',
      expect.any(String),
      '180.00% of USD 25,000,000.00 today',
      'Over the limit today',
    ]);
    // Oracle: a warning today, a breach under each scenario its deal lands in; the row's figures are the worst scenario's, and say so
    const oracle = (
      await page
        .getByRole('row', { name: /Oracle Corp/ })
        .getByRole('cell')
        .allTextContents()
    ).slice(4);
    const scenario = /under ([\w-]+)/.exec(oracle[0])![1];
    expect(oracle[1]).toMatch(new RegExp(`^2027-03-31 under ${scenario}(, \\d+% likely)?$`));
    await meta.getByRole('link', { name: 'Meta Platforms Inc' }).click();
    const mark = page.locator('g.breach-marker');
    await mark.waitFor();
    expect([await mark.getAttribute('data-date'), await mark.textContent()]).toEqual(['2026-11-30', 'Over the limit today (2026-11-30)']);

    const tech = await service.api('/api/limits', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Tech 10%',
        portfolio: 'LIFE-GA',
        scope: { type: 'SECTOR', sector: 'Tech' },
        measure: 'MARKET_VALUE',
        basis: 'PCT_ADMITTED_ASSETS',
        limitPct: 10,
      }),
    });
    expect(((await tech.json()) as { warnings: string[] }).warnings).toEqual([
      expect.stringContaining('is in sector Tech; sectors held: Technology'),
    ]);
    await page.getByRole('link', { name: 'Headroom' }).click();
    await page
      .getByRole('table', { name: /Sectors, NAIC ranges and groups/ })
      .getByRole('rowheader', { name: /^Tech Covers nothing LIFE-GA holds or expects: check the spelling of the limit's scope\.$/ })
      .waitFor();
    const families = page.getByRole('table', { name: /Issuer families of LIFE-GA/ });
    expect(
      await families
        .getByRole('row', { name: /Oracle Corp/ })
        .getByRole('cell')
        .nth(1)
        .textContent(),
    ).toBe('USD 25,000,000.00 = 2.5% of admitted assets USD 1,000,000,000.00 Single issuer family 2.5% (Investment policy 4.2)');
    const form = page.getByRole('form', { name: 'Pre-trade check' });
    await form.getByRole('textbox', { name: 'Issuer' }).fill('Oracle Corp');
    await form.getByRole('textbox', { name: 'Amount' }).fill('$50m');
    await form.getByRole('button', { name: 'Check trade' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Amount: a number such as 50000000' });
    await refused.waitFor();
    expect(await refused.textContent()).not.toContain('trades.0');
    expect(problems.splice(0)).toEqual([expect.stringContaining('status of 400 (Bad Request)')]);

    await page.getByRole('link', { name: 'Holdings' }).click();
    const current = (await (await service.api('/api/portfolios/LIFE-GA/snapshots?limit=1')).json()) as {
      items: Array<{ id: number; asOfDate: string }>;
    };
    await page.getByLabel('As-of date').fill(current.items[0].asOfDate);
    await page.getByLabel('Holdings file').setInputFiles({
      name: 'corrected.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(HOLDINGS.replace('40000000,40000000', '40000000,39000000')),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `It replaces snapshot ${current.items[0].id} of the same date as the current holdings` })
      .waitFor();
  });

  it('answers the page at its own routes only (digest links, deep links), under the strict CSP', async () => {
    for (const path of ['/', '/breaches/1', '/breaches?status=OPEN&severity=BREACH', '/headroom', '/holdings', '/evaluations']) {
      const res = await fetch(`${service.url}${path}`);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, 'text/html; charset=utf-8']);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
      expect(await res.text()).toContain('<script type="module" src="/assets/app.js"></script>');
    }
    for (const [path, status, type] of [
      ['/api/breaches/1', 401, 'application/json'],
      ['/api/nope', 404, 'application/json'],
      ['/nope', 404, 'application/json'],
      ['/metrics', 401, 'application/json'],
      ['/docs-json', 200, 'application/json'],
      ['/health', 200, 'application/json'],
      ['/assets/app.js', 200, 'text/javascript'],
    ] as const) {
      const res = await fetch(`${service.url}${path}`);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, status, expect.stringContaining(type)]);
    }
  });
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}
