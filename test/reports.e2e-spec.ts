import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { EvaluationRunEntity } from '../src/evaluations/evaluation-run.entity.js';
import { launchChromium } from './support/browser.js';
import { breachMarkerOf, QUARTER_END_TICKS, xOnAxis, xTicksOf } from './support/chart-reading.js';
import { testTargets } from './support/databases.js';
import { concentrationRows, figureRow, sectionsOf } from './support/report-reading.js';
import { startApp, type TestApp } from './support/app.js';

/**
 * Twelve families against a 2.5% single-family limit of $225,000,000 (2.5% of $9B admitted assets),
 * at book value (no spread shock): one over it today, Oracle at 94.4% with an $18B deal in May 2027
 * of which the portfolio takes 0.3%.
 */
const HOLDINGS = [
  'cusip,issuer_name,par_value,market_value,book_value,maturity_date,coupon_rate,naic_designation,sector',
  '99RSKYAA3,@Risky <b>Holdings</b>,236250000,236250000,236250000,2040-06-30,5,2.B,Technology',
  '68389XCA1,Oracle Corp,200000000,212400000.40,212400000.40,2040-09-26,5.95,2.A,Technology',
  '02079KAA5,Alphabet Inc,180000000,180000000,180000000,2040-06-30,5,1.B,Technology',
  '023135AA4,Amazon.com Inc,157612345.67,157612345.67,157612345.67,2040-06-30,5,1.C,Technology',
  '594918AA2,Microsoft Corp,135000000,135000000,135000000,2040-06-30,5,1.A,Technology',
  '037833AA8,Apple Inc,112500000,112500000,112500000,2040-06-30,5,1.B,Technology',
  '11135FAA9,Broadcom Inc,90000000,90000000,90000000,2040-06-30,5,2.A,Technology',
  '20030NAA9,Comcast Corp,67500000,67500000,67500000,2040-06-30,5,1.G,Communications',
  '92343VAA2,Verizon Communications Inc,45000000,45000000,45000000,2040-06-30,5,2.A,Communications',
  '00206RAA0,AT&T Inc,33750000,33750000,33750000,2040-06-30,5,2.B,Communications',
  '717081AA1,Pfizer Inc,22500000,22500000,22500000,2040-06-30,5,1.F,Healthcare',
  '931142AA1,Walmart Inc,11250000,11250000,11250000,2040-06-30,5,1.C,Consumer',
].join('\n');

const PORTFOLIO = {
  code: 'LIFE-GA',
  name: 'General account',
  baseCurrency: 'USD',
  admittedAssets: 9e9,
  capitalAndSurplus: 9e8,
  participationRate: 0.003,
};

const LIMIT = {
  name: 'Single family 2.5%',
  portfolio: null,
  scope: { type: 'EACH_ISSUER_FAMILY' },
  measure: 'BOOK_VALUE',
  basis: 'PCT_ADMITTED_ASSETS',
  limitPct: 2.5,
  source: 'Investment policy 4.2',
};

const A4_WIDTH = 794;
const A4_HEIGHT = 1123;

interface Breach {
  id: number;
  groupKey: string;
  kind: string;
  scenario: string | null;
  scope: { label: string };
}

describe.each(testTargets())('reports a risk committee can read, on %s', (_name, target) => {
  let app: TestApp;
  let limitId: number;
  let breaches: Breach[];
  const breach = (scope: string, scenario: string | null) => breaches.find((b) => b.scope.label === scope && b.scenario === scenario)!;
  const report = async (format: string, run = 1) => app.as('viewer').get(`/api/evaluations/${run}/report?format=${format}`).expect(200);

  beforeAll(async () => {
    app = await startApp(await target());
    await app.as('admin').post('/api/portfolios').send(PORTFOLIO).expect(201);
    const file = join(tmpdir(), `report-${process.pid}-${Date.now()}.csv`);
    writeFileSync(file, HOLDINGS);
    await app.as('officer').post('/api/portfolios/LIFE-GA/holdings').field('asOfDate', '2026-11-30').attach('file', file).expect(201);
    limitId = (await app.as('admin').post('/api/limits').send(LIMIT).expect(201)).body.id;
    await app
      .as('officer')
      .post('/api/issuance/deals')
      .send({ issuer: 'Oracle Corp', expectedDate: '2027-05-20', amount: 18e9, probability: 0.7 })
      .expect(201);
    await app.as('officer').post('/api/evaluations').send({}).expect(201);
    breaches = (await app.as('viewer').get('/api/breaches?limit=100').expect(200)).body.items;
    await app
      .as('officer')
      .post(`/api/breaches/${breach('Oracle Corp', null).id}/acknowledge`)
      .send({ comment: 'Known, PM informed', group: true })
      .expect(200);
    await app
      .as('officer')
      .post(`/api/breaches/${breach('@Risky <b>Holdings</b>', 'stress').id}/comments`)
      .send({ text: 'Sale of $20M booked <script>alert(1)</script>' })
      .expect(201);
  });
  afterAll(() => app.close());

  it('heads the HTML report with the run in words, the portfolio and its as-of date', async () => {
    const { text: html } = await report('html');
    expect(html).toContain('<strong>Evaluation 1, Monday 30 November 2026 at 12:00 UTC</strong> (run on request), succeeded.');
    expect(html).toContain('<td>LIFE-GA: <bdi>General account</bdi></td><td>30 November 2026</td><td class="n">1</td>');
    expect(html).toContain(
      'Scenarios: base, full-pipeline, stress; horizon 24 months. 2 problems not OK (6 checks): 2 breaches today or projected, 0 warnings.',
    );
  });

  it("gives each problem a section with today's and each scenario's figures side by side", async () => {
    const [risky, oracle] = sectionsOf((await report('html')).text);
    expect(sectionsOf((await report('html')).text)).toHaveLength(2);
    expect(risky).toContain('<h2>LIFE-GA: <bdi>@Risky &#60;b&#62;Holdings&#60;/b&#62;</bdi></h2>');
    expect(oracle).toContain('<h2>LIFE-GA: <bdi>Oracle Corp</bdi></h2>');
    expect(oracle).toContain('<p>Limit "<bdi>Single family 2.5%</bdi>" (Investment policy 4.2), on book value.</p>');
    expect(figureRow(oracle, 'Status')).toEqual(['Status', 'WARNING', 'BREACH', 'BREACH', 'BREACH']);
    expect(figureRow(oracle, 'Figures at')).toEqual([
      'Figures at',
      '2026-11-30 (today)',
      '2027-05-31 (breach)',
      '2027-05-31 (breach)',
      '2027-05-31 (breach)',
    ]);
    // base: 18B x 0.7 x 0.3% = 37.8M; full-pipeline: 18B x 0.3% = 54M; stress: 18B x 1.5 x 0.3% x 1.5 = 121.5M
    expect(figureRow(oracle, 'Exposure')).toEqual([
      'Exposure',
      'USD 212,400,000.40',
      'USD 250,200,000.40',
      'USD 266,400,000.40',
      'USD 333,900,000.40',
    ]);
    expect(figureRow(oracle, 'Utilization')).toEqual(['Utilization', '94.40%', '111.20%', '118.40%', '148.40%']);
    expect(figureRow(oracle, 'Headroom')).toEqual([
      'Headroom',
      'USD 12,599,999.60',
      '-USD 25,200,000.40',
      '-USD 41,400,000.40',
      '-USD 108,900,000.40',
    ]);
    expect(figureRow(oracle, 'Breach probability')).toEqual([
      'Breach probability',
      '-',
      '70.0% (exact)',
      '100.0% (exact)',
      '100.0% (exact)',
    ]);
    expect(figureRow(risky, 'Status')).toEqual(['Status', 'BREACH', 'BREACH', 'BREACH', 'BREACH']);
    expect(figureRow(risky, 'Peak exposure')).toEqual([
      'Peak exposure',
      '-',
      'USD 236,250,000.00 (2026-12-31)',
      'USD 236,250,000.00 (2026-12-31)',
      'USD 236,250,000.00 (2026-12-31)',
    ]);
  });

  it('draws one chart per problem, overlaying the scenarios, with month ticks and the breach marker at its date', async () => {
    const [risky, oracle] = sectionsOf((await report('html')).text);
    for (const section of [risky, oracle]) {
      expect(section.match(/<svg /g)).toHaveLength(1);
      expect(section.match(/<g class="exposure-line">/g)).toHaveLength(3);
      expect(xTicksOf(section).map((t) => [t.date, t.labels.join(' ')])).toEqual(QUARTER_END_TICKS);
    }
    expect(oracle).toContain('aria-label="Oracle Corp: exposure against the &#34;Single family 2.5%&#34; limit, in USD"');
    const marker = breachMarkerOf(oracle)!;
    expect(marker).toMatchObject({ date: '2027-05-31', label: 'Projected breach 2027-05-31 (base, full-pipeline, stress)' });
    expect(marker.x).toBeCloseTo(xOnAxis(oracle, '2027-05-31', '2026-11-30', '2028-11-30'), 0);
    // Risky is over its limit today (105%): its chart marks the as-of date, not a projected one
    const over = breachMarkerOf(risky)!;
    expect(over).toMatchObject({ date: '2026-11-30', label: 'Over the limit today (2026-11-30)' });
    expect(over.x).toBeCloseTo(xOnAxis(risky, '2026-11-30', '2026-11-30', '2028-11-30'), 0);
  });

  it("says each problem's status, acknowledgement and comments as they are now", async () => {
    const [risky, oracle] = sectionsOf((await report('html')).text);
    const ids = (scope: string) => [null, 'base', 'full-pipeline', 'stress'].map((s) => breach(scope, s).id);
    expect(oracle).toContain('<p><strong>Status now: ACKNOWLEDGED</strong></p>');
    expect(oracle).toContain(
      '<li>Acknowledged by officer@example.com, Monday 30 November 2026 at 12:00 UTC: "Known, PM informed" <span class="note">(today, base, full-pipeline, stress)</span></li>',
    );
    expect(figureRow(oracle, 'Breach now')).toEqual(['Breach now', ...ids('Oracle Corp').map((id) => `#${id} ACKNOWLEDGED`)]);
    expect(risky).toContain('<p><strong>Status now: OPEN</strong></p>');
    expect(risky).toContain(
      '<li>Comment by officer@example.com, Monday 30 November 2026 at 12:00 UTC: "Sale of $20M booked &#60;script&#62;alert(1)&#60;/script&#62;" <span class="note">(stress)</span></li>',
    );
  });

  it('lists the top 10 concentrations, failing or not, in order with exact utilizations', async () => {
    const limit = 'USD 225,000,000.00';
    const family = 'Single family 2.5%';
    expect(concentrationRows((await report('html')).text)).toEqual([
      ['1', '@Risky &#60;b&#62;Holdings&#60;/b&#62;', family, 'USD 236,250,000.00', limit, '-USD 11,250,000.00', '105.00%', 'BREACH'],
      ['2', 'Oracle Corp', family, 'USD 212,400,000.40', limit, 'USD 12,599,999.60', '94.40%', 'WARNING'],
      ['3', 'Alphabet Inc', family, 'USD 180,000,000.00', limit, 'USD 45,000,000.00', '80.00%', 'OK'],
      ['4', 'Amazon.com Inc', family, 'USD 157,612,345.67', limit, 'USD 67,387,654.33', '70.05%', 'OK'],
      ['5', 'Microsoft Corp', family, 'USD 135,000,000.00', limit, 'USD 90,000,000.00', '60.00%', 'OK'],
      ['6', 'Apple Inc', family, 'USD 112,500,000.00', limit, 'USD 112,500,000.00', '50.00%', 'OK'],
      ['7', 'Broadcom Inc', family, 'USD 90,000,000.00', limit, 'USD 135,000,000.00', '40.00%', 'OK'],
      ['8', 'Comcast Corp', family, 'USD 67,500,000.00', limit, 'USD 157,500,000.00', '30.00%', 'OK'],
      ['9', 'Verizon Communications Inc', family, 'USD 45,000,000.00', limit, 'USD 180,000,000.00', '20.00%', 'OK'],
      ['10', 'AT&#38;T Inc', family, 'USD 33,750,000.00', limit, 'USD 191,250,000.00', '15.00%', 'OK'],
    ]);
  });

  it('adds the limit source, breach id, group key, status, as-of date and peak to the CSV, formula-safe', async () => {
    const [header, ...lines] = (await report('csv')).text.trimEnd().split('\r\n');
    expect(header.split(',').slice(-7)).toEqual([
      'breach_id',
      'group_key',
      'breach_status',
      'as_of_date',
      'peak_exposure',
      'peak_month',
      'currency',
    ]);
    expect(header.split(',').slice(3, 5)).toEqual(['limit', 'limit_source']);
    expect(lines).toHaveLength(6);
    const oracle = breach('Oracle Corp', 'stress');
    expect(lines).toContain(
      `LIFE-GA,stress,${limitId},Single family 2.5%,Investment policy 4.2,Oracle Corp,BOOK_VALUE,WARNING,BREACH,212400000.4,225000000,94.4,12599999.6,2027-05-31,1,EXACT,${oracle.id},${oracle.groupKey},ACKNOWLEDGED,2026-11-30,333900000.4,2027-05-31,USD`,
    );
    const risky = breach('@Risky <b>Holdings</b>', 'base');
    expect(lines).toContain(
      `LIFE-GA,base,${limitId},Single family 2.5%,Investment policy 4.2,'@Risky <b>Holdings</b>,BOOK_VALUE,BREACH,BREACH,236250000,225000000,105,-11250000,2026-12-31,1,EXACT,${risky.id},${risky.groupKey},OPEN,2026-11-30,236250000,2026-12-31,USD`,
    );
  });

  it('gives the same facts in JSON, with the portfolio and its concentrations', async () => {
    const { body } = await report('json');
    expect(body.portfolios).toEqual([
      expect.objectContaining({ code: 'LIFE-GA', name: 'General account', snapshotId: 1, asOfDate: '2026-11-30' }),
    ]);
    expect(body.portfolios[0].concentration).toHaveLength(10);
    const oracle = breach('Oracle Corp', 'base');
    expect(body.items.find((i: { scope: string; scenario: string }) => i.scope === 'Oracle Corp' && i.scenario === 'base')).toMatchObject({
      groupKey: oracle.groupKey,
      asOfDate: '2026-11-30',
      breach: { id: oracle.id, status: 'ACKNOWLEDGED' },
      peak: { date: '2027-05-31', exposure: 250200000.4 },
    });
  });

  it('fits A4 portrait in Chromium under the service CSP, with nothing wider than the page, on screen and in print', async () => {
    const served = await report('html');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.route('http://localhost/**', (route) =>
        route.fulfill({ status: 200, headers: served.headers as Record<string, string>, body: served.text }),
      );
      await page.setViewportSize({ width: A4_WIDTH, height: A4_HEIGHT });
      await page.goto('http://localhost/api/evaluations/1/report?format=html');
      const widest = () => page.evaluate<number>('document.documentElement.scrollWidth');
      expect(await widest()).toBeLessThanOrEqual(A4_WIDTH);
      const charts = await page.getByRole('img', { name: /exposure/ }).all();
      expect(charts).toHaveLength(2);
      for (const chart of charts) expect((await chart.boundingBox())!.width).toBeLessThanOrEqual(A4_WIDTH);
      await page.emulateMedia({ media: 'print' });
      expect(await widest()).toBeLessThanOrEqual(A4_WIDTH);
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows a run as it was after a later run resolved its breaches, with their statuses as they are now', async () => {
    await app.as('admin').patch(`/api/limits/${limitId}`).send({ limitPct: 5 }).expect(200);
    expect((await app.as('officer').post('/api/evaluations').send({}).expect(201)).body.counts.resolved).toBe(8);
    const html = (await report('html')).text;
    const [, oracle] = sectionsOf(html);
    expect(figureRow(oracle, 'Exposure')).toEqual([
      'Exposure',
      'USD 212,400,000.40',
      'USD 250,200,000.40',
      'USD 266,400,000.40',
      'USD 333,900,000.40',
    ]);
    expect(oracle).toContain('<p><strong>Status now: RESOLVED</strong></p>');
    expect(concentrationRows(html)[0]).toContain('105.00%');
    expect((await report('csv')).text).toContain(
      `,${breach('Oracle Corp', 'base').id},${breach('Oracle Corp', 'base').groupKey},RESOLVED,`,
    );
    expect(sectionsOf((await report('html', 2)).text)).toHaveLength(0);
  });

  it('reports a run recorded before runs kept the portfolio name, the as-of date and the concentrations', async () => {
    const runs = app.db.reads.getRepository(EvaluationRunEntity);
    const run = (await runs.findOneByOrFail({ id: 1 })) as EvaluationRunEntity & { inputs: { portfolios: object[] } };
    const portfolios = run.inputs.portfolios.map((p) => ({ ...p, name: undefined, asOfDate: undefined, concentration: undefined }));
    await runs.update({ id: 1 }, { inputs: { ...run.inputs, portfolios } });
    const html = (await report('html')).text;
    expect(html).toContain('<td>LIFE-GA: <bdi>General account</bdi></td><td>30 November 2026</td><td class="n">1</td>');
    expect(html).toContain('<p>Not recorded: this run was made before runs recorded them.</p>');
    expect(sectionsOf(html)).toHaveLength(2);
  });
});

/** axe-core's serious and critical findings, run through the DevTools protocol: the page's CSP allows no script of its own. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate<Array<{ id: string; impact: string }>>(
    'axe.run().then((found) => found.violations.map(({ id, impact }) => ({ id, impact })))',
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}
