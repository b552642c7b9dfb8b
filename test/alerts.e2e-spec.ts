import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { safeFileName } from '../src/alerts/mail-transport.js';
import { OutboxMessageEntity } from '../src/alerts/outbox-message.entity.js';
import { OutboxService, type AlertMail } from '../src/alerts/outbox.service.js';
import { RecipientsService } from '../src/alerts/recipients.service.js';
import type { DatabaseTarget } from '../src/config/app-config.js';
import { startApp, type TestApp } from './support/app.js';
import { testTargets } from './support/databases.js';
import { TestSmtpServer } from '../bench/support/smtp.js';
import { PNG_SIGNATURE } from '../src/charts/chart-png.js';
import { problemChart } from '../src/charts/scenario-chart.js';

const CHART = problemChart({
  scope: 'Oracle Corp',
  limitName: 'Single family',
  currency: 'USD',
  asOfDate: '2026-11-30',
  projections: [
    {
      scenario: 'base',
      exposure: 212_400_000.4,
      limit: 207_000_000,
      projectedBreachDate: '2026-12-31',
      months: [{ date: '2026-12-31', exposure: 212_400_000.4, limit: 207_000_000 }],
    },
  ],
});

/** A digest-like email whose HTML shows its charts by cid. */
function withCharts(n: number, svgs: string[]): AlertMail {
  const images = svgs.map((svg, i) => ({ cid: `chart-${i + 1}.run-12@localhost`, svg }));
  return { ...mail(n), html: images.map((i) => `<img src="cid:${i.cid}" alt="chart" width="640">`).join(''), images };
}

const QUIET = { OUTBOX_POLL_MS: '100000' };
const portfolio = {
  code: 'LIFE-GA',
  name: 'General Account',
  baseCurrency: 'USD',
  admittedAssets: 40000000000,
  capitalAndSurplus: 3200000000,
  participationRate: 0.004,
};

function mail(n: number, runId: number | null = 12): AlertMail {
  return {
    to: `officer${n}@example.com`,
    subject: `[Exposure monitor] ${n} new breaches - LIFE-GA`,
    text: `Plain body ${n}`,
    html: `<p>HTML body ${n}</p>`,
    runId,
    portfolioIds: [1],
  };
}

async function enqueue(app: TestApp, ...mails: AlertMail[]): Promise<void> {
  const outbox = app.nest.get(OutboxService);
  await app.db.transaction(async (tx) => {
    for (const m of mails) await outbox.enqueue(tx, m);
  });
}

function advanceSeconds(app: TestApp, seconds: number): void {
  app.clock.set(new Date(app.clock.now().getTime() + seconds * 1000));
}

describe.each(testTargets())('alert emails on %s', (name, target) => {
  let smtp: TestSmtpServer;
  let database: DatabaseTarget;
  let app: TestApp;
  let outbox: OutboxService;

  const alerts = async (query = '') => (await app.as('officer').get(`/api/alerts${query}`).expect(200)).body;

  beforeAll(async () => {
    smtp = await TestSmtpServer.create();
    database = await target();
    app = await startApp(database, { SMTP_URL: smtp.url, ...QUIET });
    outbox = app.nest.get(OutboxService);
  });
  afterAll(async () => {
    await app.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    await app.db.transaction((tx) => tx.clear(OutboxMessageEntity));
    smtp.received.length = 0;
    smtp.dataCommands = 0;
  });

  describe('the outbox worker', () => {
    it('delivers an email once, with its stable Message-ID and both parts', async () => {
      await enqueue(app, mail(1));
      expect(await outbox.deliverDue()).toBe(1);
      expect(await outbox.deliverDue()).toBe(0);
      const [received] = await smtp.waitFor(1);
      expect(smtp.received).toHaveLength(1);
      const { items, total } = await alerts();
      expect(total).toBe(1);
      expect(items[0]).toEqual({
        id: expect.any(Number),
        messageId: received.messageId,
        to: 'officer1@example.com',
        subject: mail(1).subject,
        status: 'SENT',
        attempts: 1,
        nextAttemptAt: '2026-11-30T12:00:00.000Z',
        lastError: null,
        lastErrorId: null,
        sentAt: app.clock.nowIso(),
        createdAt: '2026-11-30T12:00:00.000Z',
        runId: 12,
      });
      expect(received.messageId).toMatch(/^<run-12\.[0-9a-f]{24}@localhost>$/);
      expect(received).toMatchObject({ to: 'officer1@example.com', subject: mail(1).subject });
      expect(received.text.trim()).toBe('Plain body 1');
      expect(received.html).toContain('<p>HTML body 1</p>');
    });

    it('sends the charts as PNG images attached inline, drawn again with the same Message-ID on a retry', async () => {
      smtp.failNext(1, 451, 'Greylisted, try again later');
      await enqueue(app, withCharts(1, [CHART, CHART]));
      expect(await outbox.deliverDue()).toBe(0);
      advanceSeconds(app, 31);
      expect(await outbox.deliverDue()).toBe(1);
      const [received] = await smtp.waitFor(1);
      expect(received.messageId).toBe((await alerts()).items[0].messageId);
      expect(received.html).toBe(
        '<img src="cid:chart-1.run-12@localhost" alt="chart" width="640"><img src="cid:chart-2.run-12@localhost" alt="chart" width="640">',
      );
      expect(
        received.attachments.map(({ cid, filename, contentType, contentDisposition }) => ({
          cid,
          filename,
          contentType,
          contentDisposition,
        })),
      ).toEqual([
        { cid: 'chart-1.run-12@localhost', filename: 'chart-1.png', contentType: 'image/png', contentDisposition: 'inline' },
        { cid: 'chart-2.run-12@localhost', filename: 'chart-2.png', contentType: 'image/png', contentDisposition: 'inline' },
      ]);
      for (const { content } of received.attachments) {
        expect(content.subarray(0, 8)).toEqual(PNG_SIGNATURE);
        expect(content.length).toBeGreaterThan(10_000);
      }
      expect(received.text.trim()).toBe('Plain body 1');
    });

    it('still sends an email whose chart cannot be drawn, without that chart', async () => {
      await enqueue(app, withCharts(1, ['<svg', CHART]));
      expect(await outbox.deliverDue()).toBe(1);
      const [received] = await smtp.waitFor(1);
      expect(received.attachments.map((a) => a.cid)).toEqual(['chart-2.run-12@localhost']);
      expect((await alerts()).items[0]).toMatchObject({ status: 'SENT', lastError: null });
    });

    it('keeps emails PENDING while the server is down, trying one per tick, and sends each once when it is back', async () => {
      await smtp.stop();
      await enqueue(app, mail(1), mail(2));
      expect(await outbox.deliverDue()).toBe(0);
      const [second, first] = (await alerts()).items;
      // The sentence, and the errorId of the log line with the system's words (ECONNREFUSED ...)
      expect(first).toMatchObject({
        status: 'PENDING',
        attempts: 1,
        lastError: 'The mail server could not be reached (SMTP_URL); it will be tried again',
        lastErrorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(Date.parse(first.nextAttemptAt) - app.clock.now().getTime()).toBe(30_000);
      // The second was not tried: it would only have waited for the same dead server.
      expect(second).toMatchObject({ status: 'PENDING', attempts: 0, lastError: null });

      await smtp.start();
      expect(await outbox.deliverDue()).toBe(1);
      expect(await outbox.deliverDue()).toBe(0);
      advanceSeconds(app, 31);
      expect(await outbox.deliverDue()).toBe(1);
      expect(await outbox.deliverDue()).toBe(0);
      expect(smtp.received.map((m) => m.to).sort()).toEqual(['officer1@example.com', 'officer2@example.com']);
      expect((await alerts()).items.map((a: { status: string; attempts: number }) => [a.status, a.attempts])).toEqual([
        ['SENT', 1],
        ['SENT', 2],
      ]);
    });

    it('retries after a 451 and then delivers with the same Message-ID', async () => {
      smtp.failNext(1, 451, 'Greylisted, try again later');
      await enqueue(app, mail(1));
      expect(await outbox.deliverDue()).toBe(0);
      const [pending] = (await alerts()).items;
      expect(pending).toMatchObject({
        status: 'PENDING',
        attempts: 1,
        lastError: 'The mail server asked to try later (SMTP 451); it will be tried again',
      });
      advanceSeconds(app, 31);
      expect(await outbox.deliverDue()).toBe(1);
      expect(smtp.dataCommands).toBe(2);
      expect(smtp.received.map((m) => m.messageId)).toEqual([pending.messageId]);
      expect((await alerts()).items[0]).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
    });

    it('tries a 550 three times with backoff, then GET /api/alerts shows it FAILED', async () => {
      smtp.failNext(3, 550, 'No such mailbox');
      await enqueue(app, mail(1));
      expect(await outbox.deliverDue()).toBe(0);
      advanceSeconds(app, 31);
      expect(await outbox.deliverDue()).toBe(0);
      advanceSeconds(app, 61);
      expect(await outbox.deliverDue()).toBe(0);
      advanceSeconds(app, 7200);
      expect(await outbox.deliverDue()).toBe(0);
      expect(smtp.dataCommands).toBe(3);
      const failed = await alerts('?status=FAILED');
      expect(failed.total).toBe(1);
      expect(failed.items[0]).toMatchObject({
        status: 'FAILED',
        attempts: 3,
        sentAt: null,
        lastError: 'The mail server refused the email (SMTP 550); it is tried again only a few times',
      });
      expect((await alerts('?status=SENT')).total).toBe(0);
      expect((await app.as('viewer').get('/api/alerts?status=LOST')).status).toBe(400);
    });

    it('sends a FAILED email again when an admin re-queues it, with the reason in the audit log', async () => {
      smtp.failNext(3, 554, 'Relay access denied');
      await enqueue(app, mail(1));
      for (const wait of [0, 31, 61]) {
        advanceSeconds(app, wait);
        await outbox.deliverDue();
      }
      const [failed] = (await alerts('?status=FAILED')).items;
      const retry = (role: 'admin' | 'officer', body: object) => app.as(role).post(`/api/alerts/${failed.id}/retry`).send(body);
      expect((await retry('officer', { reason: 'relay fixed' })).status).toBe(403);
      expect((await retry('admin', {})).body.details).toContainEqual({ field: 'reason', message: 'reason must be a string' });
      const requeued = await retry('admin', { reason: 'Relay fixed by IT, ticket 4411' }).expect(200);
      expect(requeued.body).toMatchObject({
        id: failed.id,
        status: 'PENDING',
        attempts: 0,
        nextAttemptAt: app.clock.nowIso(),
        lastError: 'The mail server refused the email (SMTP 554); it is tried again only a few times',
      });
      expect((await retry('admin', { reason: 'again' })).status).toBe(409);
      expect(await outbox.deliverDue()).toBe(1);
      expect(smtp.received.map((m) => m.messageId)).toEqual([failed.messageId]);
      expect((await alerts()).items[0]).toMatchObject({ status: 'SENT', attempts: 1 });
      const [entry] = (await app.as('admin').get('/api/audit?entity=alert').expect(200)).body.items;
      expect(entry).toMatchObject({
        action: 'alert.retry',
        actor: { email: 'admin@localhost' },
        entityId: String(failed.id),
        before: { status: 'FAILED', attempts: 3, lastError: expect.stringContaining('SMTP 554') },
        after: { status: 'PENDING', reason: 'Relay fixed by IT, ticket 4411' },
      });
      expect((await app.as('admin').post('/api/alerts/999999/retry').send({ reason: 'x' })).status).toBe(404);
    });

    it('backs off 30 s doubling up to an hour, and fails after 10 attempts', async () => {
      smtp.failNext(10, 421, 'Service not available');
      await enqueue(app, mail(1));
      const delays: number[] = [];
      for (let attempt = 1; attempt <= 10; attempt++) {
        expect(await outbox.deliverDue()).toBe(0);
        const [row] = (await alerts()).items;
        expect(row.attempts).toBe(attempt);
        if (row.status === 'PENDING') delays.push((Date.parse(row.nextAttemptAt) - app.clock.now().getTime()) / 1000);
        app.clock.set(row.nextAttemptAt);
      }
      expect(delays).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
      expect((await alerts()).items[0]).toMatchObject({ status: 'FAILED', attempts: 10 });
      advanceSeconds(app, 7200);
      expect(await outbox.deliverDue()).toBe(0);
      expect(smtp.dataCommands).toBe(10);
    });

    it('sends again, with the same Message-ID, a row whose worker died holding it, once the lease ends', async () => {
      await enqueue(app, mail(1));
      const leaseUntil = new Date(app.clock.now().getTime() + 120_000).toISOString();
      await app.db.transaction((tx) =>
        tx.getRepository(OutboxMessageEntity).update({ status: 'PENDING' }, { leaseUntil, leaseOwner: 'dead-replica', attempts: 1 }),
      );
      expect(await outbox.deliverDue()).toBe(0);
      advanceSeconds(app, 121);
      expect(await outbox.deliverDue()).toBe(1);
      const [row] = (await alerts()).items;
      expect(row).toMatchObject({ status: 'SENT', attempts: 2 });
      expect(smtp.received.map((m) => m.messageId)).toEqual([row.messageId]);
    });

    it('sends each email once when two deliveries race', async () => {
      await enqueue(app, ...Array.from({ length: 20 }, (_, i) => mail(i)));
      const sent = await Promise.all([outbox.deliverDue(), outbox.deliverDue()]);
      expect(sent[0] + sent[1]).toBe(20);
      expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(20);
      expect(smtp.received).toHaveLength(20);
      expect((await alerts('?status=SENT')).items.every((a: { attempts: number }) => a.attempts === 1)).toBe(true);
    });

    if (name === 'PostgreSQL') {
      it('sends each email once in total when two replicas deliver from the same database', async () => {
        const replica = await startApp(database, { SMTP_URL: smtp.url, ...QUIET });
        try {
          replica.clock.set(app.clock.now());
          const other = replica.nest.get(OutboxService);
          await enqueue(app, ...Array.from({ length: 30 }, (_, i) => mail(i)));
          const sent = await Promise.all([outbox.deliverDue(), other.deliverDue(), outbox.deliverDue(), other.deliverDue()]);
          expect(sent.reduce((a, b) => a + b)).toBe(30);
          expect(smtp.received).toHaveLength(30);
          expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(30);
        } finally {
          await replica.close();
        }
      });
    }
  });

  describe('recipients', () => {
    beforeAll(async () => {
      await app.as('admin').post('/api/portfolios').send(portfolio).expect(201);
    });

    it('are added by an admin, with a default repeat interval of 24 hours, and audited', async () => {
      const res = await app
        .as('admin')
        .post('/api/recipients')
        .send({ email: 'Risk@Example.com', portfolios: ['LIFE-GA'], minSeverity: 'BREACH' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        email: 'risk@example.com',
        portfolios: ['LIFE-GA'],
        minSeverity: 'BREACH',
        repeatIntervalHours: 24,
        worseningPct: 10,
        createdAt: expect.any(String),
      });
      const all = await app
        .as('admin')
        .post('/api/recipients')
        .send({ email: 'cro@example.com', portfolios: null, minSeverity: 'WARNING', repeatIntervalHours: 6 })
        .expect(201);
      expect(all.body).toMatchObject({ portfolios: null, repeatIntervalHours: 6 });
      expect((await app.as('admin').get('/api/recipients').expect(200)).body).toMatchObject({
        total: 2,
        items: [{ email: 'risk@example.com' }, { email: 'cro@example.com' }],
      });
      const audit = await app.as('admin').get('/api/audit?entity=recipient').expect(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'recipient.create',
        entityId: String(all.body.id),
        actor: { email: 'admin@localhost' },
      });
    });

    it('name every offending field in a 400, unknown portfolio codes included', async () => {
      const bad = await app
        .as('admin')
        .post('/api/recipients')
        .send({ email: 'nope', portfolios: 'LIFE-GA', minSeverity: 'INFO', repeatIntervalHours: 0 });
      expect(bad.status).toBe(400);
      expect([...new Set(bad.body.details.map((d: { field: string }) => d.field))].sort()).toEqual([
        'email',
        'minSeverity',
        'portfolios',
        'repeatIntervalHours',
      ]);
      const unknown = await app
        .as('admin')
        .post('/api/recipients')
        .send({ email: 'x@example.com', portfolios: ['LIFE-GA', 'NOPE'], minSeverity: 'BREACH' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.details).toEqual([{ field: 'portfolios', message: 'portfolio NOPE does not exist' }]);
      expect(
        (await app.as('admin').post('/api/recipients').send({ email: 'risk@example.com', portfolios: null, minSeverity: 'BREACH' })).status,
      ).toBe(409);
    });

    it('are for admins only, while any role reads the alerts', async () => {
      const recipient = { email: 'o@example.com', portfolios: null, minSeverity: 'BREACH' };
      expect((await app.as('officer').post('/api/recipients').send(recipient)).status).toBe(403);
      expect((await app.as('officer').get('/api/recipients')).status).toBe(403);
      expect((await app.as('officer').delete('/api/recipients/1')).status).toBe(403);
      expect((await app.anonymous().get('/api/alerts')).status).toBe(401);
      expect((await app.as('viewer').get('/api/alerts')).status).toBe(200);
    });

    it('are removed by DELETE, kept for the audit trail, and no longer active', async () => {
      const { items } = (await app.as('admin').get('/api/recipients').expect(200)).body;
      await app.as('admin').delete(`/api/recipients/${items[0].id}`).expect(204);
      expect((await app.as('admin').delete(`/api/recipients/${items[0].id}`)).status).toBe(404);
      expect((await app.as('admin').get('/api/recipients').expect(200)).body.items.map((r: { email: string }) => r.email)).toEqual([
        'cro@example.com',
      ]);
      expect((await app.nest.get(RecipientsService).active()).map((r) => r.email)).toEqual(['cro@example.com']);
      expect(await app.count('recipients')).toBe(2);
      const audit = await app.as('admin').get('/api/audit?entity=recipient').expect(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'recipient.delete',
        entityId: String(items[0].id),
        before: { email: 'risk@example.com' },
      });
    });
  });

  describe('without SMTP_URL', () => {
    it('writes each email as DATA_DIR/outbox/<message id>.eml', async () => {
      const fileApp = await startApp(await target(), QUIET);
      try {
        await enqueue(fileApp, mail(1, null));
        expect(await fileApp.nest.get(OutboxService).deliverDue()).toBe(1);
        const { messageId } = (await fileApp.as('viewer').get('/api/alerts').expect(200)).body.items[0];
        expect(messageId).toMatch(/^<alert\.[0-9a-f]{24}@localhost>$/);
        const eml = readFileSync(join(fileApp.config.dataDir, 'outbox', `${safeFileName(messageId)}.eml`));
        const parsed = await simpleParser(eml);
        expect(parsed).toMatchObject({ messageId, subject: mail(1).subject, from: { text: 'exposure-monitor@localhost' } });
        expect(parsed.text?.trim()).toBe('Plain body 1');
        expect(parsed.html).toContain('<p>HTML body 1</p>');
        await enqueue(fileApp, withCharts(2, [CHART]));
        expect(await fileApp.nest.get(OutboxService).deliverDue()).toBe(1);
        const charted = (await fileApp.as('viewer').get('/api/alerts').expect(200)).body.items[0];
        const withImage = await simpleParser(
          readFileSync(join(fileApp.config.dataDir, 'outbox', `${safeFileName(charted.messageId)}.eml`)),
        );
        expect(withImage.attachments.map((a) => [a.cid, a.contentType])).toEqual([['chart-1.run-12@localhost', 'image/png']]);
      } finally {
        await fileApp.close();
      }
    });
  });

  describe('after a restart', () => {
    it('sends at start what was left pending, then keeps polling', async () => {
      const restarted = await target();
      const before = await startApp(restarted, { SMTP_URL: smtp.url, ...QUIET });
      await enqueue(before, mail(1));
      await before.close();
      const after = await startApp(restarted, { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '100' });
      try {
        expect((await smtp.waitFor(1)).map((m) => m.to)).toEqual(['officer1@example.com']);
        await enqueue(after, mail(2));
        expect((await smtp.waitFor(2)).map((m) => m.to)).toEqual(['officer1@example.com', 'officer2@example.com']);
      } finally {
        await after.close();
      }
    });
  });
});
