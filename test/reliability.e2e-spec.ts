import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxMessageEntity } from '../src/alerts/outbox-message.entity.js';
import { BreachEventEntity } from '../src/breaches/breach.entity.js';
import { AuditRepository } from '../src/audit/audit.repository.js';
import { AuditService } from '../src/audit/audit.service.js';
import { UserEntity } from '../src/auth/user.entity.js';
import { UsersRepository } from '../src/auth/users.repository.js';
import { UsersService } from '../src/auth/users.service.js';
import { Clock, FixedClock } from '../src/common/clock.js';
import { Database } from '../src/database/database.js';
import { PortfoliosRepository } from '../src/portfolios/portfolios.repository.js';
import { PortfoliosService } from '../src/portfolios/portfolios.service.js';
import { ADMIN_KEY, startApp, type TestApp } from './support/app.js';
import { freshPostgres, testTargets } from './support/databases.js';
import { PORTFOLIO } from './support/workloads.js';

/** $900M of one bond: against a $1 limit that is 90,000,000,000%, which once overflowed numeric(18,10) on PostgreSQL. */
const HUGE_HOLDING =
  'cusip,issuer_name,par_value,market_value,maturity_date,naic_designation\n68389XCA1,Oracle Corp,900000000,880000000.00,2040-09-26,2.A\n';
const ONE_DOLLAR_PAR_LIMIT = {
  name: 'One dollar',
  portfolio: null,
  scope: { type: 'EACH_ISSUER_FAMILY' },
  measure: 'PAR',
  basis: 'ABSOLUTE',
  limitAmount: 1,
};

/** Each reading one second later than the last: shows which of two stamps was taken first. */
class TickingClock extends Clock {
  private ms = Date.parse('2026-11-30T12:00:00Z');

  now(): Date {
    this.ms += 1000;
    return new Date(this.ms);
  }
}

async function upload(app: TestApp, csv: string): Promise<void> {
  const file = join(tmpdir(), `reliability-${process.pid}-${Date.now()}.csv`);
  writeFileSync(file, csv);
  await app
    .as('officer')
    .post(`/api/portfolios/${PORTFOLIO.code}/holdings`)
    .field('asOfDate', '2026-11-30')
    .attach('file', file)
    .expect(201);
}

describe.each(testTargets())('runs and stored figures on %s', (_name, target) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp(await target(), {}, { clock: new TickingClock() });
    await app.as('admin').post('/api/portfolios').send(PORTFOLIO).expect(201);
    await upload(app, HUGE_HOLDING);
    await app.as('admin').post('/api/limits').send(ONE_DOLLAR_PAR_LIMIT).expect(201);
    await app.as('admin').post('/api/recipients').send({ email: 'risk@example.com', portfolios: null, minSeverity: 'WARNING' }).expect(201);
  });
  afterAll(() => app.close());

  it('records a utilization of 90,000,000,000% (a $900M holding against a $1 limit) and the run succeeds', async () => {
    const run = (
      await app
        .as('officer')
        .post('/api/evaluations')
        .send({ scenarios: ['base'] })
        .expect(201)
    ).body;
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { conditions: 2, breaches: 2, opened: 2, emails: 1 } });
    const breaches = (await app.as('viewer').get('/api/breaches').expect(200)).body.items;
    expect(
      breaches.map((b: { kind: string; exposure: number; limitAmount: number; utilizationPct: number }) => [
        b.kind,
        b.exposure,
        b.limitAmount,
        b.utilizationPct,
      ]),
    ).toEqual([
      ['PROJECTED', 900000000, 1, 90000000000],
      ['CURRENT', 900000000, 1, 90000000000],
    ]);
    const [mail] = await app.db.reads.getRepository(OutboxMessageEntity).find();
    expect(mail.textBody).toContain('exposure USD 900,000,000.00 vs limit USD 1.00, 90000000000.00%');
  });

  it('stamps finishedAt after the run has written its breaches, events and emails', async () => {
    await app.as('admin').patch('/api/limits/1').send({ limitAmount: 2 }).expect(200);
    const run = (await app.as('officer').post('/api/evaluations').send({}).expect(201)).body;
    const events = await app.db.reads.getRepository(BreachEventEntity).findBy({ runId: run.id });
    const mails = await app.db.reads.getRepository(OutboxMessageEntity).findBy({ runId: run.id });
    const written = [...events.map((e) => e.at), ...mails.map((m) => m.createdAt)];
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((at) => at < run.finishedAt)).toBe(true);
    expect(run.startedAt < written[0]).toBe(true);
  });

  it('answers 404 for an unknown scenario or portfolio, and records no run', async () => {
    const before = (await app.as('viewer').get('/api/evaluations').expect(200)).body.total;
    const unknownScenario = await app
      .as('officer')
      .post('/api/evaluations')
      .send({ scenarios: ['base', 'armageddon'] });
    expect(unknownScenario.status).toBe(404);
    expect(unknownScenario.body.message).toBe('Scenario armageddon not found');
    const unknownPortfolio = await app
      .as('officer')
      .post('/api/evaluations')
      .send({ portfolios: ['NOPE'] });
    expect(unknownPortfolio.status).toBe(404);
    expect(unknownPortfolio.body.message).toBe('Portfolio NOPE not found');
    expect((await app.as('viewer').get('/api/evaluations').expect(200)).body.total).toBe(before);
  });
});

describe('the first admin on PostgreSQL', () => {
  it('is created once, and no replica fails, when replicas bootstrap it at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const target = await freshPostgres();
      const replicas = await Promise.all([0, 1, 2].map(() => Database.open(target)));
      try {
        await replicas[0].migrate();
        const clock = new FixedClock(new Date('2026-11-30T12:00:00Z'));
        const users = replicas.map((db) => {
          const audit = new AuditService(new AuditRepository(db), clock);
          const portfolios = new PortfoliosService(db, new PortfoliosRepository(db), audit, clock, { current: async () => null });
          return new UsersService(db, new UsersRepository(db), audit, clock, portfolios);
        });
        await Promise.all(users.map((u) => u.bootstrapAdmin(ADMIN_KEY)));
        expect(await replicas[0].reads.getRepository(UserEntity).findBy({})).toEqual([
          expect.objectContaining({ email: 'admin@localhost', role: 'admin' }),
        ]);
      } finally {
        await Promise.all(replicas.map((db) => db.close()));
      }
    }
  });
});
