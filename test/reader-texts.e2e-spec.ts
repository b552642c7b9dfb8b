import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cusipOf } from '../bench/holdings-generator.js';
import { OutboxMessageEntity } from '../src/alerts/outbox-message.entity.js';
import { startApp, type TestApp } from './support/app.js';
import { freshSqlite } from './support/databases.js';
import { PORTFOLIO, TINY_FAMILY_LIMIT } from './support/workloads.js';

/** An issuer name that reads "Oracle" backwards under a right-to-left override, and one of 268 characters. */
const REVERSED = 'Evil \u202Eelcaro\u202C Holdings Inc';
const LONG = `Meta ${'Very '.repeat(50)}Long Name Inc`;

describe('names as a risk officer reads them: in the report and the email', () => {
  let app: TestApp;
  let run: number;

  beforeAll(async () => {
    app = await startApp(freshSqlite());
    const file = join(tmpdir(), `reader-texts-${process.pid}.csv`);
    writeFileSync(
      file,
      [
        'cusip,issuer_name,par_value,market_value,maturity_date',
        `${cusipOf('30303M', 'AA')},"${LONG}",1000000,1000000.00,2045-08-15`,
        `${cusipOf('68389X', 'AA')},${REVERSED},1000000,1000000.00,2045-08-15`,
      ].join('\n'),
    );
    await app.as('admin').post('/api/portfolios').send(PORTFOLIO).expect(201);
    await app
      .as('admin')
      .post('/api/recipients')
      .send({ email: 'desk@example.com', portfolios: [PORTFOLIO.code], minSeverity: 'WARNING' });
    await app
      .as('officer')
      .post(`/api/portfolios/${PORTFOLIO.code}/holdings`)
      .field('asOfDate', '2026-11-30')
      .attach('file', file)
      .expect(201);
    await app.as('admin').post('/api/limits').send(TINY_FAMILY_LIMIT).expect(201);
    run = (
      await app
        .as('officer')
        .post('/api/evaluations')
        .send({ scenarios: ['base'] })
        .expect(201)
    ).body.id;
  });
  afterAll(() => app?.close());

  it('isolates every name in <bdi>, drops the override, and cuts a long name to 80 characters with the whole on hover', async () => {
    const html = (await app.as('viewer').get(`/api/evaluations/${run}/report?format=html`).expect(200)).text;
    const email = (await app.db.reads.getRepository(OutboxMessageEntity).find({ where: { runId: run } }))[0];
    const cut = `${LONG.slice(0, 79)}…`;
    for (const body of [html, email.htmlBody]) {
      expect(body).not.toContain('\u202E');
      expect(body).toContain('<bdi>Evil elcaro Holdings Inc</bdi>');
      expect(body).toContain(`<bdi title="${LONG}">${cut}</bdi>`);
    }
    // The charts' alt texts and the SVG they are drawn from (the PNG's text) read the same
    expect(email.inlineImages!.length).toBeGreaterThan(0);
    for (const { svg } of email.inlineImages!) expect(svg).not.toContain('\u202E');
    expect(email.htmlBody).toMatch(/<img src="cid:[^"]+" alt="Evil elcaro Holdings Inc: exposure against/);
    expect(email.textBody).toContain(cut);
    expect(email.textBody).not.toContain(LONG);
  });
});
