import type { BreachEntity } from '../breaches/breach.entity.js';
import { composeDigest, listedProblems, MAX_DIGEST_ENTRIES, planDigest, type DigestLine } from './digest.js';

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

const line = (b: BreachEntity): DigestLine => ({ breach: b, portfolio: 'LIFE-GA', change: 'NEW' });
const limits = new Map([[1, { id: 1, name: 'Single family 2.5%', source: null }]]);
const CHART = '<svg role="img" aria-label="Oracle Corp: exposure"></svg>';

describe('digest', () => {
  const projected = breach(2, { kind: 'PROJECTED', scenario: 'base', projectedBreachDate: '2027-05-31', breachProbability: 0.7 });
  const digest = composeDigest(planDigest([line(breach(1)), line(projected)]), limits, URL, new Map([['1|1|family:1', CHART]]));

  it('links each breach to the web page, in both parts', () => {
    expect(digest.text).toContain(`    today: BREACH exposure $250,200,000.40 vs limit $225,000,000.00, 111.20% ${URL}/breaches/1\n`);
    expect(digest.text).toContain(`${URL}/breaches/2`);
    expect(digest.html).toContain(`<a href="${URL}/breaches/1">open</a>`);
    expect(digest.html).toContain(`<a href="${URL}/breaches/2">open</a>`);
    expect(digest.text + digest.html).not.toContain('/api/');
  });

  it("draws the entry's chart once, across the table under its rows, in the HTML part only", () => {
    expect(digest.html).toContain(`</tr><tr><td colspan="12"><div style="max-width:640px">${CHART}</div></td></tr></table>`);
    expect(digest.html.split(CHART)).toHaveLength(2);
    expect(digest.text).not.toContain('<svg');
  });

  it('leaves out the chart of a problem the run did not project', () => {
    expect(composeDigest(planDigest([line(breach(1))]), limits, URL, new Map()).html).not.toContain('<svg');
  });

  it('asks for the charts of the entries it lists only, and links the rest on the web page', () => {
    const many = Array.from({ length: MAX_DIGEST_ENTRIES + 1 }, (_, i) =>
      line(breach(i + 1, { groupKey: `1|1|family:${i + 1}`, utilizationPct: 200 - i })),
    );
    const plan = planDigest(many);
    expect(listedProblems(plan)).toHaveLength(MAX_DIGEST_ENTRIES);
    expect(listedProblems(plan)).not.toContain(`1|1|family:${MAX_DIGEST_ENTRIES + 1}`);
    expect(composeDigest(plan, limits, URL, new Map()).text).toContain(`1 more problem is not listed here: ${URL}/breaches?status=OPEN`);
  });
});
