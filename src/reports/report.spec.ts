import { cellsOf, concentrationRows, figureRow, sectionsOf } from '../../test/support/report-reading.js';
import { csvHeader, csvLine, jsonItem, type BreachNow, type Report, type ReportItem } from './report.js';
import { reportHtml } from './report-html.js';

const ACKNOWLEDGED = {
  type: 'ACKNOWLEDGED',
  actor: 'officer@example.com',
  at: '2026-11-30T12:30:00.000Z',
  text: 'Known, PM informed',
  data: null,
};
const today: BreachNow = { id: 11, kind: 'CURRENT', scenario: null, status: 'ACKNOWLEDGED', waivedUntil: null, events: [ACKNOWLEDGED] };
const base: BreachNow = { id: 12, kind: 'PROJECTED', scenario: 'base', status: 'ACKNOWLEDGED', waivedUntil: null, events: [ACKNOWLEDGED] };

/** Oracle at 94.4% of its $225M limit today, over it from May 2027 under base (the worked example of docs/api.md). */
const item = (extra: Partial<ReportItem> = {}): ReportItem => ({
  portfolio: 'LIFE-GA',
  currency: 'USD',
  scenario: 'base',
  limitId: 1,
  limitName: 'Single family 2.5%',
  source: 'Investment policy 4.2',
  basis: 'PCT_ADMITTED_ASSETS',
  limitPct: 2.5,
  basisAmount: 9_000_000_000,
  scopeKey: 'family:1',
  scope: 'Oracle Corp',
  familyIds: [1],
  measure: 'MARKET_VALUE',
  exposure: 212400000.4,
  limit: 225000000,
  headroom: 12599999.6,
  utilizationPct: 94.4,
  status: 'WARNING',
  projectedStatus: 'BREACH',
  projectedBreachDate: '2027-05-31',
  breachProbability: 0.7,
  probabilityMethod: 'EXACT',
  months: [
    { date: '2026-12-31', exposure: 212400000.4, limit: 225000000, headroom: 12599999.6, utilizationPct: 94.4 },
    { date: '2027-05-31', exposure: 250200000.4, limit: 225000000, headroom: -25200000.4, utilizationPct: 111.2 },
    { date: '2027-06-30', exposure: 250200000.4, limit: 225000000, headroom: -25200000.4, utilizationPct: 111.2 },
  ],
  groupKey: '1|1|family:1',
  asOfDate: '2026-11-30',
  breaches: [today, base],
  ...extra,
});

const report = (items: ReportItem[], extra: Partial<Report> = {}): Report => ({
  run: {
    id: 7,
    trigger: 'SCHEDULED',
    scheduledFor: '2026-11-30T06:00:00.000Z',
    startedAt: '2026-11-30T06:00:00.120Z',
    finishedAt: '2026-11-30T06:00:01.000Z',
    status: 'SUCCEEDED',
  },
  portfolios: [
    {
      code: 'LIFE-GA',
      name: 'General account',
      currency: 'USD',
      snapshotId: 3,
      asOfDate: '2026-11-30',
      concentration: [
        {
          familyId: 2,
          family: 'Meta Platforms Inc',
          limitId: 1,
          limitName: 'Single family 2.5%',
          exposure: 236250000,
          limit: 225000000,
          headroom: -11250000,
          utilizationPct: 105,
          status: 'BREACH',
        },
        {
          familyId: 1,
          family: 'Oracle Corp',
          limitId: 1,
          limitName: 'Single family 2.5%',
          exposure: 212400000.4,
          limit: 225000000,
          headroom: 12599999.6,
          utilizationPct: 94.4,
          status: 'WARNING',
        },
      ],
    },
  ],
  scenarios: ['base', 'full-pipeline', 'stress'],
  horizonMonths: 24,
  limits: new Map([[1, { id: 1, name: 'Single family 2.5%', source: 'Investment policy 4.2' }]]),
  readAt: '2026-12-01T09:15:00.000Z',
  items,
  ...extra,
});

/** The page, its parts joined as the service streams them. */
const pageOf = (r: Report) => [...reportHtml(r)].join('');
const csvOf = (items: ReportItem[]) => csvHeader() + items.map(csvLine).join('');

describe('breach report: CSV', () => {
  it('writes one line per check with exact figures, its breach as it is now, the as-of date and the peak', () => {
    const [header, line] = csvOf([item()]).split('\r\n');
    expect(header).toBe(
      'portfolio,scenario,limit_id,limit,limit_source,scope,measure,status,projected_status,exposure,limit_amount,utilization_pct,headroom,projected_breach_date,breach_probability,probability_method,breach_id,group_key,breach_status,as_of_date,peak_exposure,peak_month,currency',
    );
    expect(line).toBe(
      'LIFE-GA,base,1,Single family 2.5%,Investment policy 4.2,Oracle Corp,MARKET_VALUE,WARNING,BREACH,212400000.4,225000000,94.4,12599999.6,2027-05-31,0.7,EXACT,12,1|1|family:1,ACKNOWLEDGED,2026-11-30,250200000.4,2027-05-31,USD',
    );
  });

  it("stands a line whose projection is within the limit for today's breach, and leaves the breach empty when there is none", () => {
    const within = item({ projectedStatus: 'OK', projectedBreachDate: null, breaches: [today] });
    expect(csvLine(within)).toContain(',11,1|1|family:1,ACKNOWLEDGED,2026-11-30,');
    expect(csvLine(item({ breaches: [], months: [] }))).toMatch(/,EXACT,,1\|1\|family:1,,2026-11-30,,,USD\r\n$/);
  });

  it('neutralises text cells that a spreadsheet would run as formulas, and quotes separators', () => {
    const csv = csvOf([item({ limitName: '=HYPERLINK("http://x")', scope: '+1, -2', portfolio: '@SUM(A1)', scenario: '-base' })]);
    expect(csv.split('\r\n')[1]).toBe(
      `'@SUM(A1),'-base,1,"'=HYPERLINK(""http://x"")",Investment policy 4.2,"'+1, -2",MARKET_VALUE,WARNING,BREACH,212400000.4,225000000,94.4,12599999.6,2027-05-31,0.7,EXACT,12,1|1|family:1,ACKNOWLEDGED,2026-11-30,250200000.4,2027-05-31,USD`,
    );
  });

  it('gives the JSON item the same facts, without the breaches it was read with', () => {
    expect(jsonItem(item())).toMatchObject({
      groupKey: '1|1|family:1',
      asOfDate: '2026-11-30',
      breach: { id: 12, status: 'ACKNOWLEDGED' },
      peak: { date: '2027-05-31', exposure: 250200000.4 },
    });
    expect(jsonItem(item())).not.toHaveProperty('breaches');
  });
});

describe('breach report: HTML', () => {
  const oracle = ['base', 'full-pipeline', 'stress'].map((scenario) => item({ scenario }));
  const meta = item({
    scope: 'Meta <Platforms>',
    scopeKey: 'family:2',
    groupKey: '1|1|family:2',
    status: 'BREACH',
    exposure: 236250000,
    headroom: -11250000,
    utilizationPct: 105,
    projectedBreachDate: '2026-12-31',
    breachProbability: 1,
    months: [{ date: '2026-12-31', exposure: 236250000, limit: 225000000, headroom: -11250000, utilizationPct: 105 }],
    breaches: [{ id: 20, kind: 'CURRENT', scenario: null, status: 'OPEN', waivedUntil: null, events: [] }],
  });
  const html = pageOf(report([...oracle, meta]));

  it('heads the page with the run in words, the portfolio, its as-of date and when the statuses were read', () => {
    expect(html).toContain('<title>Breach report - evaluation 7</title>');
    expect(html).toContain('<strong>Evaluation 7, Monday 30 November 2026 at 06:00 UTC</strong> (scheduled), succeeded.');
    expect(html).toContain('<td>LIFE-GA: <bdi>General account</bdi></td><td>30 November 2026</td><td class="n">3</td>');
    expect(html).toContain(
      'Scenarios: base, full-pipeline, stress; horizon 24 months. 2 problems not OK (4 checks): 2 breaches today or projected, 0 warnings.',
    );
    expect(html).toContain('as they are now, Tuesday 1 December 2026 at 09:15 UTC.');
  });

  it('lists the concentrations in the order recorded, with exact utilizations', () => {
    expect(concentrationRows(html)).toEqual([
      [
        '1',
        'Meta Platforms Inc',
        'Single family 2.5%',
        'USD 236,250,000.00',
        'USD 225,000,000.00',
        '-USD 11,250,000.00',
        '105.00%',
        'BREACH',
      ],
      ['2', 'Oracle Corp', 'Single family 2.5%', 'USD 212,400,000.40', 'USD 225,000,000.00', 'USD 12,599,999.60', '94.40%', 'WARNING'],
    ]);
  });

  it('has one section and one chart per problem, the one in breach today first, names escaped', () => {
    const [first, second] = sectionsOf(html);
    expect(sectionsOf(html)).toHaveLength(2);
    expect(first).toContain('<h2>LIFE-GA: <bdi>Meta &#60;Platforms&#62;</bdi></h2>');
    expect(second).toContain('<h2>LIFE-GA: <bdi>Oracle Corp</bdi></h2>');
    expect(second).toContain('<p>Limit "<bdi>Single family 2.5%</bdi>" (Investment policy 4.2), on market value.</p>');
    for (const section of sectionsOf(html)) expect(section.match(/<svg /g)).toHaveLength(1);
    expect(second.match(/<g class="exposure-line">/g)).toHaveLength(3);
    expect(second).toContain('<g class="breach-marker" data-date="2027-05-31">');
    // Meta is over its limit today: its chart marks the as-of date, not the first month end
    expect(first).toContain('<g class="breach-marker" data-date="2026-11-30">');
    expect(first).toContain('>Over the limit today (2026-11-30)</text>');
    expect(first).not.toContain('Projected breach 2026-12-31');
  });

  it("sets today's and each scenario's figures side by side, at the projected breach date", () => {
    const oracleSection = sectionsOf(html)[1];
    expect(cellsOf(/<thead>.*?<\/thead>/.exec(oracleSection)![0])).toEqual(['Figure', 'Today', 'base', 'full-pipeline', 'stress']);
    expect(figureRow(oracleSection, 'Status')).toEqual(['Status', 'WARNING', 'BREACH', 'BREACH', 'BREACH']);
    expect(figureRow(oracleSection, 'Exposure')).toEqual([
      'Exposure',
      'USD 212,400,000.40',
      'USD 250,200,000.40',
      'USD 250,200,000.40',
      'USD 250,200,000.40',
    ]);
    expect(figureRow(oracleSection, 'Headroom')).toEqual([
      'Headroom',
      'USD 12,599,999.60',
      '-USD 25,200,000.40',
      '-USD 25,200,000.40',
      '-USD 25,200,000.40',
    ]);
    expect(figureRow(oracleSection, 'Peak exposure')[1]).toBe('-');
    expect(figureRow(oracleSection, 'Peak exposure')[2]).toBe('USD 250,200,000.40 (2027-05-31)');
    expect(figureRow(oracleSection, 'Breach probability')[2]).toBe('70.0% (exact)');
    expect(figureRow(oracleSection, 'Breach now').slice(0, 3)).toEqual(['Breach now', '#11 ACKNOWLEDGED', '#12 ACKNOWLEDGED']);
  });

  it('shows a scenario the run found within the limit as OK, without figures', () => {
    const metaSection = sectionsOf(html)[0];
    expect(figureRow(metaSection, 'Status')).toEqual(['Status', 'BREACH', 'BREACH', 'OK', 'OK']);
    expect(figureRow(metaSection, 'Exposure')).toEqual(['Exposure', 'USD 236,250,000.00', 'USD 236,250,000.00', '-', '-']);
  });

  it("says each problem's status now and who acknowledged it when, once for an acknowledgement of the whole group", () => {
    const [metaSection, oracleSection] = sectionsOf(html);
    expect(oracleSection).toContain('<p><strong>Status now: ACKNOWLEDGED</strong></p>');
    expect(oracleSection).toContain(
      '<li>Acknowledged by officer@example.com, Monday 30 November 2026 at 12:30 UTC: "Known, PM informed" <span class="note">(today, base)</span></li>',
    );
    expect(oracleSection.match(/<li>/g)).toHaveLength(1);
    expect(metaSection).toContain('<p><strong>Status now: OPEN</strong></p><p>Not acknowledged, no comments.</p>');
  });

  it('escapes comments and names a waiver with its end', () => {
    const waived: BreachNow = {
      ...today,
      status: 'WAIVED',
      waivedUntil: '2026-12-31',
      events: [
        { type: 'COMMENT', actor: 'cro@example.com', at: '2026-12-01T08:00:00.000Z', text: 'Sell <b>now</b>', data: null },
        { type: 'WAIVED', actor: 'cro@example.com', at: '2026-12-01T08:05:00.000Z', text: 'Board', data: { until: '2026-12-31' } },
      ],
    };
    const page = pageOf(report([item({ breaches: [waived] })]));
    expect(page).toContain('<li>Comment by cro@example.com, Tuesday 1 December 2026 at 08:00 UTC: "Sell &#60;b&#62;now&#60;/b&#62;"');
    expect(page).toContain('<li>Waived until 2026-12-31 by cro@example.com, Tuesday 1 December 2026 at 08:05 UTC: "Board"');
    expect(figureRow(page, 'Breach now')[1]).toBe('#11 WAIVED until 2026-12-31');
  });

  it("writes every amount with the portfolio's base currency: a EUR book's report reads EUR", () => {
    const eur = report(
      ['base', 'full-pipeline', 'stress'].map((scenario) => item({ scenario, portfolio: 'LIFE-EU', currency: 'EUR' })),
      { portfolios: [{ ...report([]).portfolios[0], code: 'LIFE-EU', currency: 'EUR' }] },
    );
    const page = pageOf(eur);
    expect(concentrationRows(page)[1].slice(3, 6)).toEqual(['EUR 212,400,000.40', 'EUR 225,000,000.00', 'EUR 12,599,999.60']);
    expect(figureRow(page, 'Headroom')).toEqual([
      'Headroom',
      'EUR 12,599,999.60',
      '-EUR 25,200,000.40',
      '-EUR 25,200,000.40',
      '-EUR 25,200,000.40',
    ]);
    expect(page).toContain('aria-label="Oracle Corp: exposure against the &#34;Single family 2.5%&#34; limit, in EUR"');
    expect(page).toContain('>EUR M</text>');
    expect(page).not.toMatch(/USD|\$/);
    expect(csvLine(eur.items[0])).toMatch(/,2027-05-31,EUR\r\n$/);
    expect(jsonItem(eur.items[0])).toMatchObject({ portfolio: 'LIFE-EU', currency: 'EUR', exposure: 212400000.4 });
  });

  it('says so when the run recorded no concentrations (a run made before it did)', () => {
    const older = report([item()], { portfolios: [{ ...report([]).portfolios[0], concentration: null }] });
    expect(pageOf(older)).toContain('<p>Not recorded: this run was made before runs recorded them.</p>');
  });

  it('keeps to the print width: A4 page rules, wrapping cells, charts scaled to the column, no script', () => {
    expect(html).toContain('@page{size:A4 portrait;margin:12mm}');
    expect(html).toContain('svg.exposure-chart{display:block;width:100%;height:auto}');
    expect(html).not.toMatch(/<script/i);
  });

  it('never breaks a status across lines, and draws every scenario over the limit line', () => {
    expect(html).toContain('.BREACH,.WARNING,.OK{white-space:nowrap;overflow-wrap:normal}');
    const chart = sectionsOf(html)[1];
    const limitAt = chart.indexOf('<g class="limit-line">');
    expect(limitAt).toBeGreaterThan(0);
    expect([...chart.matchAll(/<g class="exposure-line">/g)].every((m) => m.index! > limitAt)).toBe(true);
  });
});
