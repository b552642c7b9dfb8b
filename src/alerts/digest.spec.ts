import type { BreachEntity } from '../breaches/breach.entity.js';
import { composeDigest, MAX_DIGEST_CHARTS, type DigestRun } from './digest.js';
import { peakKey } from './digest-lines.js';
import { listedProblems, MAX_DIGEST_ENTRIES, planDigest, type DigestLine } from './digest-plan.js';

const URL = 'https://monitor.example.com';

function breach(id: number, extra: Partial<BreachEntity> = {}): BreachEntity {
  return {
    id,
    identity: `1|1|family:1|CURRENT|`,
    portfolioId: 1,
    limitId: 1,
    scopeKey: 'family:1',
    groupKey: '1|1|family:1',
    memberIds: ',1,',
    scopeLabel: 'Oracle Corp',
    kind: 'CURRENT',
    scenario: null,
    severity: 'BREACH',
    exposureCents: 250_200_000_40,
    limitCents: 225_000_000_00,
    utilizationPct: 111.2,
    currentExposureCents: 212_400_000_40,
    projectedBreachDate: null,
    breachProbability: null,
    probabilityMethod: null,
    status: 'OPEN',
    openedAt: '2026-11-30T12:00:00.000Z',
    lastSeenRunId: 1,
    resolvedAt: null,
    waivedUntil: null,
    resolution: null,
    waiverRequest: null,
    ...extra,
  };
}

const line = (b: BreachEntity): DigestLine => ({ breach: b, portfolio: 'LIFE-GA', currency: 'USD', change: 'NEW' });
const limits = new Map([[1, { id: 1, name: 'Single family 2.5%', source: null }]]);
const CHART = { title: 'Oracle Corp: exposure against the "Single family 2.5%" limit', svg: '<svg viewBox="0 0 640 300"></svg>' };

function run(extra: Partial<DigestRun> = {}): DigestRun {
  return {
    runId: 7,
    at: '2026-11-30T06:00:00.250Z',
    asOf: new Map([['LIFE-GA', '2026-11-30']]),
    peaks: new Map(),
    charts: new Map([['1|1|family:1', CHART]]),
    ...extra,
  };
}

describe('digest', () => {
  const projected = breach(2, { kind: 'PROJECTED', scenario: 'base', projectedBreachDate: '2027-05-31', breachProbability: 0.7 });
  const digest = composeDigest(planDigest([line(breach(1)), line(projected)]), limits, URL, run(), 0);

  it('links each breach to the web page, in both parts', () => {
    expect(digest.text).toContain(`    today: BREACH exposure USD 250,200,000.40 vs limit USD 225,000,000.00, 111.20% ${URL}/breaches/1\n`);
    expect(digest.text).toContain(`${URL}/breaches/2`);
    expect(digest.html).toContain(`<a href="${URL}/breaches/1">open</a>`);
    expect(digest.html).toContain(`<a href="${URL}/breaches/2">open</a>`);
  });

  it("writes each line's amounts in its portfolio's base currency, in both parts", () => {
    const eur = composeDigest(planDigest([{ ...line(breach(1)), currency: 'EUR' }]), limits, URL, run(), 0);
    expect(eur.text).toContain('today: BREACH exposure EUR 250,200,000.40 vs limit EUR 225,000,000.00, 111.20%');
    expect(eur.html).toContain('<td>EUR 250,200,000.40</td><td>EUR 225,000,000.00</td><td>111.20%</td>');
    expect(`${eur.text}${eur.html}`).not.toContain('USD');
  });

  it('names the run, its time and report, and the as-of date of the holdings, in both parts', () => {
    const report = `${URL}/api/evaluations/7/report?format=html`;
    expect(digest.text).toContain(
      `\n\nEvaluation run 7 at 2026-11-30 06:00 UTC. Holdings: LIFE-GA as of 2026-11-30.\nReport of run 7: ${report}\n\nNew\n`,
    );
    expect(digest.html).toContain(
      `<p>Evaluation run 7 at 2026-11-30 06:00 UTC. Holdings: LIFE-GA as of 2026-11-30.<br><a href="${report}">Report of run 7</a></p>`,
    );
  });

  it('says which portfolio this run did not evaluate, and the run its figures are from', () => {
    const other = { ...line(breach(3, { portfolioId: 2, groupKey: '2|1|family:1', lastSeenRunId: 5 })), portfolio: 'LIFE-NY' };
    const text = composeDigest(planDigest([line(breach(1)), other]), limits, URL, run(), 0).text;
    expect(text).toContain('Holdings: LIFE-GA as of 2026-11-30; LIFE-NY not evaluated by this run (its figures are those of run 5).');
  });

  it("shows the entry's chart once, as an inline image across the table under its rows, in the HTML part only", () => {
    const cid = 'chart-1.run-7@monitor.example.com';
    expect(digest.images).toEqual([{ cid, svg: CHART.svg }]);
    expect(digest.html).toContain(
      `</tr><tr><td colspan="12"><img src="cid:${cid}" alt="Oracle Corp: exposure against the &#34;Single family 2.5%&#34; limit" width="640" height="300" style="display:block;max-width:100%;height:auto;border:0"></td></tr></table>`,
    );
    expect(digest.html.split('<img ')).toHaveLength(2);
    expect(digest.html + digest.text).not.toContain('<svg');
  });

  it(`attaches the charts of the first ${MAX_DIGEST_CHARTS} entries, and links the report for the others`, () => {
    const many = Array.from({ length: MAX_DIGEST_CHARTS + 2 }, (_, i) =>
      line(breach(i + 1, { groupKey: `1|1|family:${i + 1}`, utilizationPct: 200 - i })),
    );
    const charts = new Map(many.map((l) => [l.breach.groupKey, CHART]));
    const big = composeDigest(planDigest(many), limits, URL, run({ charts }), 0);
    expect(big.images.map((i) => i.cid)).toEqual(
      Array.from({ length: MAX_DIGEST_CHARTS }, (_, i) => `chart-${i + 1}.run-7@monitor.example.com`),
    );
    expect(big.html.split('<img ')).toHaveLength(MAX_DIGEST_CHARTS + 1);
    expect(big.html).toContain(
      `<p>Charts are attached for the first ${MAX_DIGEST_CHARTS} entries; those of the 2 others are in <a href="${URL}/api/evaluations/7/report?format=html">the report of run 7</a>.</p>`,
    );
    expect(digest.html).not.toContain('Charts are attached for the first');
  });

  it('leaves out the chart of a problem the run did not project', () => {
    const alone = composeDigest(planDigest([line(breach(1))]), limits, URL, run({ charts: new Map() }), 0);
    expect(alone.html).not.toContain('<img');
    expect(alone.images).toEqual([]);
  });

  it('gives a warning its peak month and utilization, from the run, instead of a breach date', () => {
    const warning = breach(4, { kind: 'PROJECTED', scenario: 'stress', severity: 'WARNING', utilizationPct: 94.1 });
    const peaks = new Map([[peakKey('1|1|family:1', 'stress'), { date: '2027-06-30', utilizationPct: 94.1 }]]);
    const told = composeDigest(planDigest([line(warning)]), limits, URL, run({ peaks }), 0);
    expect(told.text).toContain(
      'stress: WARNING exposure USD 250,200,000.40 vs limit USD 225,000,000.00, 94.10%; no breach projected, peak 2027-06-30 at 94.10% of the limit',
    );
    expect(told.html).toContain('<td>none; peak 2027-06-30 at 94.10% of the limit</td><td>n/a</td>');
    expect(told.text + told.html).not.toContain('projected breach -');
    const unknown = composeDigest(planDigest([line(warning)]), limits, URL, run(), 0).text;
    expect(unknown).toContain('no breach projected, peak 94.10% of the limit (its month is not in this run)');
  });

  it('counts, last, the open breaches it does not repeat; no such line when there are none', () => {
    const counted = composeDigest(planDigest([line(breach(1))]), limits, URL, run(), 3);
    const last = `3 more breaches are still open and not repeated here: ${URL}/breaches?status=OPEN`;
    expect(counted.text.trimEnd().endsWith(last)).toBe(true);
    expect(counted.html).toContain(
      `<p>3 more breaches are still open and not repeated here: <a href="${URL}/breaches?status=OPEN">${URL}/breaches?status=OPEN</a></p></body>`,
    );
    expect(composeDigest(planDigest([line(breach(1))]), limits, URL, run(), 1).text).toContain(
      '1 more breach is still open and not repeated',
    );
    expect(digest.text + digest.html).not.toContain('still open and not repeated');
  });

  it('asks for the charts of the entries it lists only, and links the rest on the web page', () => {
    const many = Array.from({ length: MAX_DIGEST_ENTRIES + 1 }, (_, i) =>
      line(breach(i + 1, { groupKey: `1|1|family:${i + 1}`, utilizationPct: 200 - i })),
    );
    const plan = planDigest(many);
    expect(listedProblems(plan)).toHaveLength(MAX_DIGEST_ENTRIES);
    expect(listedProblems(plan)).not.toContain(`1|1|family:${MAX_DIGEST_ENTRIES + 1}`);
    expect(composeDigest(plan, limits, URL, run({ charts: new Map() }), 0).text).toContain(
      `1 more problem is not listed here: ${URL}/breaches?status=OPEN`,
    );
  });
});
