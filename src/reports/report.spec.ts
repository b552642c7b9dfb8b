import { csvHeader, csvLine, type Report, type ReportItem } from './report.js';
import { reportHtml } from './report-html.js';

const item = (extra: Partial<ReportItem> = {}): ReportItem => ({
  portfolio: 'LIFE-GA',
  scenario: 'base',
  limitId: 1,
  limitName: 'Single family 2.5%',
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
  ],
  ...extra,
});
const reportCsv = (report: Report) => csvHeader() + report.items.map(csvLine).join('');
const report = (items: ReportItem[]): Report => ({
  run: {
    id: 7,
    trigger: 'MANUAL',
    scheduledFor: null,
    startedAt: '2026-11-30T12:00:00.000Z',
    finishedAt: '2026-11-30T12:00:01.000Z',
    status: 'SUCCEEDED',
  },
  items,
});

describe('breach report', () => {
  it('writes one CSV line per check with exact figures', () => {
    const [header, line] = reportCsv(report([item()])).split('\r\n');
    expect(header).toBe(
      'portfolio,scenario,limit_id,limit,scope,measure,status,projected_status,exposure,limit_amount,utilization_pct,headroom,projected_breach_date,breach_probability,probability_method',
    );
    expect(line).toBe(
      'LIFE-GA,base,1,Single family 2.5%,Oracle Corp,MARKET_VALUE,WARNING,BREACH,212400000.4,225000000,94.4,12599999.6,2027-05-31,0.7,EXACT',
    );
  });

  it('neutralises text cells that a spreadsheet would run as formulas, and quotes separators', () => {
    const csv = reportCsv(
      report([item({ limitName: '=HYPERLINK("http://x")', scope: '+1, -2', portfolio: '@SUM(A1)', scenario: '-base' })]),
    );
    expect(csv.split('\r\n')[1]).toBe(
      `'@SUM(A1),'-base,1,"'=HYPERLINK(""http://x"")","'+1, -2",MARKET_VALUE,WARNING,BREACH,212400000.4,225000000,94.4,12599999.6,2027-05-31,0.7,EXACT`,
    );
  });

  it('renders a print-ready page with a chart for each breach and escapes names', () => {
    const html = reportHtml(report([item({ scope: 'Oracle <Corp>' }), item({ projectedStatus: 'WARNING', scope: 'Quiet Co' })]));
    expect(html).toContain('<title>Breach report - evaluation 7</title>');
    expect(html).toContain('Oracle &#60;Corp&#62;');
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toContain('$250,200,000.40');
    expect(html).toContain('70.0% (EXACT)');
  });

  it('counts the checks and the breaches in words, singular for one', () => {
    const warning = item({ projectedStatus: 'WARNING' });
    expect(reportHtml(report([item()]))).toContain('1 check not OK, of which 1 breach.');
    expect(reportHtml(report([item(), warning]))).toContain('2 checks not OK, of which 1 breach.');
    expect(reportHtml(report([warning]))).toContain('1 check not OK, of which 0 breaches.');
    expect(reportHtml(report([item(), item({ status: 'BREACH' })]))).toContain('2 checks not OK, of which 2 breaches.');
  });
});
