import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freePort, ServiceProcess } from '../bench/support/service.js';
import { launchChromium } from './support/browser.js';
import { GROUPS, IdentityProvider, ssoEnv, type Account } from './support/identity-provider.js';

const SCREENSHOTS = join(import.meta.dirname, '..', 'test-output', 'screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'correct horse battery staple';
const HOLDINGS = [
  'cusip,issuer_name,issuer_lei,par_value,market_value,currency,maturity_date,coupon_rate,naic_designation,sector,asset_type',
  '30303MAA0,Meta Platforms Inc,BQ4BKCS1HXDV9HN80Z93,40000000,40000000,USD,2035-11-15,4.875,1.D,Technology,BOND',
].join('\n');

const accounts: Record<string, Account> = {
  olivia: { password: PASSWORD, email: 'olivia.officer@insurer.example', name: 'Olivia Officer', groups: [GROUPS.officers] },
  victor: { password: PASSWORD, email: 'victor.viewer@insurer.example', name: 'Victor Viewer', groups: [GROUPS.viewers] },
  nora: { password: PASSWORD, email: 'nora@insurer.example', name: 'Nora Nogroup', groups: ['marketing', 'all-staff'] },
  mover: { password: PASSWORD, email: 'mover@insurer.example', name: 'Morgan Mover', groups: [GROUPS.officers] },
};

/** A $1B portfolio holding $40M of Meta against a 2.5% family limit: one breach. */
async function loadBreach(service: ServiceProcess): Promise<number> {
  const post = async (path: string, body: object | FormData) => {
    const res = await service.api(path, { method: 'POST', body: body instanceof FormData ? body : JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  };
  const portfolio = {
    code: 'LIFE-GA',
    name: 'General Account',
    baseCurrency: 'USD',
    admittedAssets: 1e9,
    capitalAndSurplus: 1e8,
    participationRate: 0.004,
  };
  await post('/api/portfolios', portfolio);
  const form = new FormData();
  form.set('asOfDate', '2026-11-30');
  form.set('file', new Blob([HOLDINGS], { type: 'text/csv' }), 'holdings.csv');
  await post('/api/portfolios/LIFE-GA/holdings', form);
  const limit = { name: 'Single issuer family 2.5%', portfolio: null, scope: { type: 'EACH_ISSUER_FAMILY' }, measure: 'MARKET_VALUE' };
  await post('/api/limits', { ...limit, basis: 'PCT_ADMITTED_ASSETS', limitPct: 2.5, source: 'Investment policy 4.2' });
  await post('/api/evaluations', {});
  const breaches = (await (await service.api('/api/breaches?severity=BREACH')).json()) as { items: Array<{ id: number }> };
  return breaches.items[0].id;
}

describe('single sign-on in Chromium, the provider on localhost and the service on 127.0.0.1', () => {
  let provider: IdentityProvider;
  let service: ServiceProcess;
  let browser: Browser;
  let breach: number;
  let problems: string[];
  let pages: Page[];

  /** A second service, whose provider does not answer when it starts (it listens on `downPort` later). */
  let down: ServiceProcess;
  let downPort: number;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const [port, otherPort] = [String(await freePort()), String(await freePort())];
    downPort = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    provider = await IdentityProvider.start({ redirectUri: `${publicUrl}/api/auth/oidc/callback`, accounts });
    const downEnv = {
      ...ssoEnv(provider),
      OIDC_ISSUER_URL: `http://localhost:${downPort}`,
      PORT: otherPort,
      PUBLIC_URL: `http://127.0.0.1:${otherPort}`,
    };
    [service, down, browser] = await Promise.all([
      ServiceProcess.start({ env: { ...ssoEnv(provider), PORT: port, PUBLIC_URL: publicUrl }, output: 'capture' }),
      ServiceProcess.start({ env: downEnv, output: 'capture' }),
      launchChromium(),
    ]);
    breach = await loadBreach(service);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([service?.stop(), down?.stop()]);
    await provider?.stop();
  });
  beforeEach(() => {
    problems = [];
    pages = [];
  });
  afterEach(async () => {
    await Promise.all(pages.map((page) => page.context().close()));
    expect(problems).toEqual([]);
  });

  /** A fresh browser (no session here or at the provider) at `path` of the service. */
  async function open(path: string, at = service): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 720 } });
    const page = await context.newPage();
    pages.push(page);
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()} (${m.location().url})`)));
    page.on('pageerror', (err) => problems.push(`error: ${err.message}`));
    await page.goto(`${at.url}${path}`);
    return page;
  }

  /** "Sign in with SSO", then the provider's own login form. */
  async function throughProvider(page: Page, login: string, at = provider): Promise<void> {
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await page.waitForURL(`${at.issuer}/**`);
    await page.getByLabel('Username').fill(login);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  async function signedIn(login: string, path = '/'): Promise<Page> {
    const page = await open(path);
    await throughProvider(page, login);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  async function accessibilityProblems(page: Page): Promise<string[]> {
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run()).violations;
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }

  async function checkAndShoot(page: Page, name: string): Promise<void> {
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  }

  async function users(): Promise<string[]> {
    const res = (await (await service.api('/api/users?limit=100')).json()) as { items: Array<{ email: string }> };
    return res.items.map((u) => u.email);
  }

  it('signs an officer in through the provider’s login form; she acknowledges a breach, and its history names her', async () => {
    const page = await open('/');
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await checkAndShoot(page, 'sign-in-sso');
    await throughProvider(page, 'olivia');
    await page.getByText('olivia.officer@insurer.example (officer)').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    await page.getByRole('link', { name: 'Meta Platforms Inc' }).click();
    await page.getByRole('heading', { name: 'Meta Platforms Inc', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Comment' }).fill('Selling $20M this week');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Acknowledged by olivia.officer@insurer.example: Selling $20M this week' })
      .waitFor();
    const history = (await (await service.api(`/api/breaches/${breach}`)).json()) as { history: object[] };
    expect(history.history.at(-1)).toMatchObject({ type: 'ACKNOWLEDGED', actor: 'olivia.officer@insurer.example' });
  });

  it('shows a viewer of the viewers group no actions', async () => {
    const page = await signedIn('victor', `/breaches/${breach}`);
    await page.getByRole('img', { name: /exposure/ }).waitFor();
    expect(await page.getByRole('button').allTextContents()).toEqual(['Sign out']);
    expect(await page.getByRole('textbox', { name: 'Comment' }).count()).toBe(0);
  });

  it('refuses a person in no mapped group with a page naming the groups that give access, and creates no user', async () => {
    const page = await open('/');
    await throughProvider(page, 'nora');
    await page.getByRole('heading', { name: 'No access to the exposure monitor' }).waitFor();
    expect(await page.getByRole('listitem').allTextContents()).toEqual(['risk-officers: officer', 'risk-viewers: viewer']);
    await checkAndShoot(page, 'sso-no-group');
    expect(problems.splice(0)).toEqual([expect.stringContaining('status of 403')]);
    expect(await users()).not.toContain('nora@insurer.example');
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('iem_session');
  });

  it('brings a breach link opened while signed out back to that breach', async () => {
    const page = await open(`/breaches/${breach}`);
    await throughProvider(page, 'olivia');
    await page.getByRole('heading', { name: 'Meta Platforms Inc', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/breaches/${breach}`);
  });

  it('makes a person moved from officers to viewers a viewer at the next sign-in', async () => {
    const page = await signedIn('mover', `/breaches/${breach}`);
    await page.getByRole('button', { name: 'Add comment' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    accounts.mover.groups = [GROUPS.viewers];
    // still signed in at the provider: no login form this time
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await page.getByText('mover@insurer.example (viewer)').waitFor();
    await page.getByRole('img', { name: /exposure/ }).waitFor();
    expect(await page.getByRole('button').allTextContents()).toEqual(['Sign out']);
  });

  it('ends the session at "Sign out": the cookie it set no longer signs anybody in', async () => {
    const page = await signedIn('olivia');
    const session = (await page.context().cookies()).find((c) => c.name === 'iem_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    const asSession = () => fetch(`${service.url}/api/session`, { headers: { cookie: `iem_session=${session.value}` } });
    expect((await asSession()).status).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with SSO' }).waitFor();
    expect(await page.context().cookies(service.url)).toEqual([]);
    expect((await asSession()).status).toBe(401);
  });

  it('answers a forged callback with a page that says what happened, signed in nobody', async () => {
    const page = await open('/api/auth/oidc/callback?code=stolen-code&state=forged-state');
    await page.getByRole('heading', { name: 'This sign-in cannot be finished' }).waitFor();
    await page.getByText('This browser holds no sign-in waiting for this answer').waitFor();
    await checkAndShoot(page, 'sso-refused');
    expect(problems.splice(0)).toEqual([expect.stringContaining('status of 400')]);
    await page.getByRole('link', { name: 'Back to the sign-in page' }).click();
    await page.getByRole('button', { name: 'Sign in with SSO' }).waitFor();
  });

  describe('with the provider down at start-up', () => {
    let later: IdentityProvider | undefined;
    afterAll(() => later?.stop());

    it('starts, says so in one log line, keeps API keys working, and the button answers that the provider cannot be reached until it can', async () => {
      expect((await down.api('/api/portfolios')).status).toBe(200);
      const lines = () => down.output.split('\n').filter((line) => line.includes(`http://localhost:${downPort}`));
      for (let waited = 0; lines().length === 0 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(lines()).toHaveLength(1);
      expect(JSON.parse(lines()[0])).toMatchObject({ level: 'warn', msg: expect.stringMatching(/cannot be reached .*API keys work/) });

      const page = await open('/', down);
      await page.getByRole('button', { name: 'Sign in with SSO' }).click();
      await page.getByRole('heading', { name: 'The identity provider cannot be reached' }).waitFor();
      await checkAndShoot(page, 'sso-unreachable');
      expect(problems.splice(0)).toEqual([expect.stringContaining('status of 503')]);
      expect(lines()).toHaveLength(1);

      later = await IdentityProvider.start({ port: downPort, redirectUri: `${down.url}/api/auth/oidc/callback`, accounts });
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await page.getByRole('link', { name: 'Back to the sign-in page' }).click();
      await throughProvider(page, 'victor', later);
      await page.getByText('victor.viewer@insurer.example (viewer)').waitFor();
    });
  });
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}
