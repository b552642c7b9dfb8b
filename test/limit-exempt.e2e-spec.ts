import { testTargets } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { bookLimit, exposures, issuerIdOf, naicPortfolio, type ExposureItem } from './support/naic-portfolio.js';

/**
 * Portfolio GOV, of the NAIC portfolio's terms: admitted assets $100,000,000.00, so the model law's 3% single-person limit is
 * $3,000,000.00. Book values from holdings/ok/exempt-treasury.csv:
 *   United States Treasury  NAIC 1.A 2,500,000.00 + 1,700,000.11 = 4,200,000.11 (4.2%)
 *   Duke Energy             NAIC 2.A 2,500,000.00 + NAIC 3.B 700,000.00 = 3,200,000.00
 */
const GOV = 'GOV';

interface BreachItem {
  limitId: number;
  kind: string;
  scope: { label: string };
  status: string;
  resolution: string | null;
}

describe.each(testTargets())('limitExempt issuers on %s', (_name, target) => {
  let app: TestApp;
  let treasury: number;
  let singlePerson: number;

  beforeAll(async () => {
    app = await startApp(await target());
    await naicPortfolio(app, GOV, 'holdings/ok/exempt-treasury.csv');
    const preset = await app.as('admin').post('/api/limit-presets/naic-model-280-life/apply').send({ portfolio: GOV }).expect(201);
    singlePerson = preset.body.limits.find((l: { name: string }) => l.name === 'single person').id;
    treasury = await issuerIdOf(app, 'United States Treasury');
  });
  afterAll(() => app.close());

  const limit = async (body: object): Promise<number> => (await bookLimit(app, body, GOV)).id;
  const evaluate = () =>
    app
      .as('officer')
      .post('/api/evaluations')
      .send({ portfolios: [GOV], scenarios: ['base'] })
      .expect(201);
  const treasuryBreaches = async (): Promise<BreachItem[]> =>
    (await app.as('viewer').get(`/api/breaches?limitId=${singlePerson}&limit=100`).expect(200)).body.items.filter(
      (b: BreachItem) => b.scope.label === 'United States Treasury',
    );
  /** [exposure, limit, utilization %, status] by scope, for one limit */
  const figures = (items: ExposureItem[], limitId: number) =>
    Object.fromEntries(items.filter((i) => i.limitId === limitId).map((i) => [i.scope, [i.exposure, i.limit, i.utilizationPct, i.status]]));

  it('shows limitExempt false on every issuer until an admin sets it', async () => {
    const list = (await app.as('viewer').get('/api/issuers').expect(200)).body.items;
    expect(list.map((i: { limitExempt: boolean }) => i.limitExempt)).toEqual([false, false]);
  });

  it('refuses the change to an officer, a flag that is not a boolean, and an unknown issuer', async () => {
    await app.as('officer').patch(`/api/issuers/${treasury}`).send({ limitExempt: true }).expect(403);
    const bad = await app.as('admin').patch(`/api/issuers/${treasury}`).send({ limitExempt: 'yes' }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'limitExempt', message: expect.stringMatching(/boolean/) }]);
    await app.as('admin').patch(`/api/issuers/${treasury}`).send({}).expect(400);
    await app.as('admin').patch('/api/issuers/999999').send({ limitExempt: true }).expect(404);
    expect((await app.as('viewer').get(`/api/issuers/${treasury}`).expect(200)).body.limitExempt).toBe(false);
  });

  describe('the Treasury over 3%, then made exempt', () => {
    beforeAll(async () => {
      await evaluate();
    });

    it('is a single-person breach while it counts: 4,200,000.11 against 3,000,000.00', async () => {
      expect(figures(await exposures(app, GOV), singlePerson)).toEqual({
        'United States Treasury': [4_200_000.11, 3_000_000, 140, 'BREACH'],
        'Duke Energy Corp': [3_200_000, 3_000_000, 106.67, 'BREACH'],
      });
      expect((await treasuryBreaches()).map((b) => [b.kind, b.status])).toEqual([
        ['PROJECTED', 'OPEN'],
        ['CURRENT', 'OPEN'],
      ]);
    });

    it('is exempted by an admin, audited with who, before and after, and shown in the issuer views', async () => {
      const res = await app.as('admin').patch(`/api/issuers/${treasury}`).send({ limitExempt: true }).expect(200);
      expect(res.body).toMatchObject({ id: treasury, name: 'United States Treasury', limitExempt: true });
      expect(res.body.members).toEqual([expect.objectContaining({ id: treasury, limitExempt: true })]);
      const found = (await app.as('viewer').get('/api/issuers?search=treasury').expect(200)).body.items;
      expect(found).toEqual([expect.objectContaining({ id: treasury, limitExempt: true })]);
      const audit = (await app.as('admin').get('/api/audit?entity=issuer').expect(200)).body.items;
      expect(audit).toEqual([
        expect.objectContaining({
          action: 'issuer.update',
          entityId: String(treasury),
          actor: expect.objectContaining({ email: expect.stringMatching(/admin/) }),
          before: { limitExempt: false },
          after: { limitExempt: true },
        }),
      ]);
    });

    it('raises nothing under the single-person rule, and resolves its open breaches there as UNDER_LIMIT at the next run', async () => {
      await evaluate();
      expect(figures(await exposures(app, GOV), singlePerson)).toEqual({ 'Duke Energy Corp': [3_200_000, 3_000_000, 106.67, 'BREACH'] });
      expect((await treasuryBreaches()).map((b) => [b.kind, b.status, b.resolution])).toEqual([
        ['PROJECTED', 'RESOLVED', 'UNDER_LIMIT'],
        ['CURRENT', 'RESOLVED', 'UNDER_LIMIT'],
      ]);
    });

    it('still counts in the PORTFOLIO and NAIC_RANGE aggregates, and in an ISSUER_FAMILY limit naming it', async () => {
      const book = await limit({ name: 'Whole book', scope: { type: 'PORTFOLIO' }, limitPct: 10 });
      const investmentGrade = await limit({ name: 'NAIC 1-2', scope: { type: 'NAIC_RANGE', naicMin: 1, naicMax: 2 }, limitPct: 5 });
      const own = await limit({ name: 'Treasury cap', scope: { type: 'ISSUER_FAMILY', issuerId: treasury }, limitPct: 5 });
      const items = await exposures(app, GOV);
      // 4,200,000.11 + 3,200,000.00 = 7,400,000.11 of $10,000,000.00
      expect(figures(items, book)).toEqual({ Portfolio: [7_400_000.11, 10_000_000, 74, 'OK'] });
      // the Treasury's NAIC 1 bonds and Duke's NAIC 2 ones: 4,200,000.11 + 2,500,000.00 = 6,700,000.11 of $5,000,000.00
      expect(figures(items, investmentGrade)).toEqual({ 'NAIC 1-2': [6_700_000.11, 5_000_000, 134, 'BREACH'] });
      expect(figures(items, own)).toEqual({ 'United States Treasury': [4_200_000.11, 5_000_000, 84, 'OK'] });
      for (const id of [investmentGrade, own]) await app.as('admin').delete(`/api/limits/${id}`).expect(204);
    });

    it('sizes a Treasury deal against the aggregates only: the whole book’s room, not the single-person rule', async () => {
      const deal = await app
        .as('officer')
        .post('/api/issuance/deals')
        .send({ issuer: treasury, expectedDate: '2027-03-15', amount: 500_000_000 })
        .expect(201);
      const res = await app.as('viewer').get(`/api/issuance/deals/${deal.body.id}/capacity?portfolio=${GOV}`).expect(200);
      // $10,000,000.00 - 7,400,000.11 = 2,599,999.89; counted, the Treasury would be over its 3% already (0)
      expect(res.body).toMatchObject({ maxAllocation: 2_599_999.89, bindingLimit: { name: 'Whole book', scopeLabel: 'Portfolio' } });
    });
  });
});
