import { testTargets } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { exposures, naicPortfolio, NAIC_PORTFOLIO, type ExposureItem } from './support/naic-portfolio.js';

const PRESET = 'naic-model-280-life';
const SOURCE = 'NAIC Model Act #280 §10; NRS 682A.404; W.Va. Code 33-8-10';

describe.each(testTargets())('limit presets on %s', (_name, target) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp(await target());
    await naicPortfolio(app);
  });
  afterAll(() => app.close());

  const apply = (portfolio: string | null | undefined, role: 'admin' | 'officer' = 'admin', id = PRESET) =>
    app
      .as(role)
      .post(`/api/limit-presets/${id}/apply`)
      .send(portfolio === undefined ? {} : { portfolio });

  it('lists the NAIC model law rule set, each limit with its source, to any role', async () => {
    const res = await app.as('viewer').get('/api/limit-presets').expect(200);
    const preset = res.body.items.find((p: { id: string }) => p.id === PRESET);
    expect(preset.limits.map((l: { name: string; scope: object; limitPct: number }) => [l.name, l.scope, l.limitPct])).toEqual([
      ['single person', { type: 'EACH_ISSUER_FAMILY' }, 3],
      ['medium and lower grade', { type: 'NAIC_RANGE', naicMin: 3, naicMax: 6 }, 20],
      ['NAIC 4-6', { type: 'NAIC_RANGE', naicMin: 4, naicMax: 6 }, 10],
      ['NAIC 5-6', { type: 'NAIC_RANGE', naicMin: 5, naicMax: 6 }, 3],
      ['NAIC 6', { type: 'NAIC_RANGE', naicMin: 6, naicMax: 6 }, 1],
      ['single person, medium and lower grade', { type: 'EACH_ISSUER_FAMILY', holdingsFilter: { naicMin: 3, naicMax: 6 } }, 1],
      ['single person, NAIC 4-6', { type: 'EACH_ISSUER_FAMILY', holdingsFilter: { naicMin: 4, naicMax: 6 } }, 0.5],
    ]);
    for (const limit of preset.limits)
      expect(limit).toMatchObject({ measure: 'BOOK_VALUE', basis: 'PCT_ADMITTED_ASSETS', warnAtPct: 90, source: SOURCE });
  });

  it('refuses to apply a preset to anyone but an admin, an unknown preset, and a body without a portfolio', async () => {
    await apply(NAIC_PORTFOLIO, 'officer').expect(403);
    await apply(NAIC_PORTFOLIO, 'admin', 'no-such-preset').expect(404);
    const missing = await apply(undefined).expect(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ field: 'portfolio' })]);
    const unknown = await apply('NOPE').expect(400);
    expect(unknown.body.details).toEqual([{ field: 'portfolio', message: 'portfolio NOPE does not exist' }]);
    expect(await app.count('limits')).toBe(0);
  });

  describe('applied to the portfolio', () => {
    let items: ExposureItem[];
    /** Each check of the limit by family or aggregate name: [exposure, limit, utilization %, status] */
    const figures = (name: string) =>
      Object.fromEntries(
        items.filter((i) => i.limitName === name).map((i) => [i.scope, [i.exposure, i.limit, i.utilizationPct, i.status]]),
      );

    beforeAll(async () => {
      const res = await apply(NAIC_PORTFOLIO).expect(201);
      expect(res.body).toMatchObject({ preset: PRESET, portfolio: NAIC_PORTFOLIO });
      expect(res.body.limits.map((l: { source: string }) => l.source)).toEqual(new Array(7).fill(SOURCE));
      items = await exposures(app);
    });

    it('creates seven ordinary limits, each audited', async () => {
      const limits = (await app.as('viewer').get(`/api/limits?portfolio=${NAIC_PORTFOLIO}`).expect(200)).body;
      expect(limits.total).toBe(7);
      const audit = await app.db.reads.query(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'limit.create'`);
      expect(Number(audit[0].n)).toBe(7);
    });

    it('answers 409 when the preset is applied to the same portfolio again, and creates nothing', async () => {
      const res = await apply(NAIC_PORTFOLIO).expect(409);
      expect(res.body.message).toMatch(/already applied to NAIC/);
      expect(await app.count('limits')).toBe(7);
    });

    it('checks every family against 3% of admitted assets at book value: Oracle is over by 37 cents', () => {
      expect(figures('single person')).toEqual({
        'Oracle Corp': [3_000_000.37, 3_000_000, 100, 'BREACH'],
        'Carvana Co': [1_500_000.05, 3_000_000, 50, 'OK'],
        'Rite Aid Corp': [1_100_000, 3_000_000, 36.67, 'OK'],
        'Duke Energy Corp': [3_200_000, 3_000_000, 106.67, 'BREACH'],
      });
    });

    it('counts medium and lower grade holdings by their own designation: Oracle’s NAIC 4 placement in, Duke’s NAIC 2 bonds out', () => {
      // 600,000.37 + 1,200,000.05 + 300,000.00 + 1,100,000.00 + 700,000.00; by family designation it would be
      // Carvana, Rite Aid and all of Duke: 5,800,000.05
      expect(figures('medium and lower grade')).toEqual({ 'NAIC 3-6': [3_900_000.42, 20_000_000, 19.5, 'OK'] });
      expect(figures('NAIC 4-6')).toEqual({ 'NAIC 4-6': [2_900_000.42, 10_000_000, 29, 'OK'] });
      expect(figures('NAIC 5-6')).toEqual({ 'NAIC 5-6': [2_300_000.05, 3_000_000, 76.67, 'OK'] });
      expect(figures('NAIC 6')).toEqual({ 'NAIC 6-6': [1_100_000, 1_000_000, 110, 'BREACH'] });
    });

    it('holds each family to 1% in its NAIC 3-6 holdings and 0.5% in its NAIC 4-6 ones, whatever its other bonds', () => {
      expect(figures('single person, medium and lower grade')).toEqual({
        'Oracle Corp': [600_000.37, 1_000_000, 60, 'OK'],
        'Carvana Co': [1_500_000.05, 1_000_000, 150, 'BREACH'],
        'Rite Aid Corp': [1_100_000, 1_000_000, 110, 'BREACH'],
        'Duke Energy Corp': [700_000, 1_000_000, 70, 'OK'],
      });
      // Duke holds no NAIC 4-6 bond: no check
      expect(figures('single person, NAIC 4-6')).toEqual({
        'Oracle Corp': [600_000.37, 500_000, 120, 'BREACH'],
        'Carvana Co': [1_200_000.05, 500_000, 240, 'BREACH'],
        'Rite Aid Corp': [1_100_000, 500_000, 220, 'BREACH'],
      });
    });

    it('applies the preset once more for every portfolio (null), a different target', async () => {
      const res = await apply(null).expect(201);
      expect(res.body.limits).toHaveLength(7);
      expect(res.body.limits.every((l: { portfolio: string | null }) => l.portfolio === null)).toBe(true);
      await apply(null).expect(409);
    });
  });
});
