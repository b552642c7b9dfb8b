// The feature modules name the entities the database opens with.
import '../app.module.js';
import { PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { testTargets } from '../../test/support/databases.js';
import { NotificationsRepository } from './notifications.repository.js';
import type { OutboxMessageEntity } from './outbox-message.entity.js';
import { OutboxRepository } from './outbox.repository.js';

const NOW = new Date('2026-12-01T06:00:00.000Z');
const LATER = '2026-12-01T06:02:00.000Z';

function message(n: number, extra: Partial<OutboxMessageEntity> = {}): Omit<OutboxMessageEntity, 'id'> {
  return {
    messageId: `<run-1.${n}@monitor.example.com>`,
    runId: 1,
    portfolioIds: ',1,',
    to: 'risk@example.com',
    subject: `Digest ${n}`,
    textBody: 'text',
    htmlBody: '<p>html</p>',
    inlineImages: null,
    status: 'PENDING',
    attempts: 0,
    nextAttemptAt: NOW.toISOString(),
    leaseUntil: null,
    leaseOwner: null,
    lastError: null,
    lastErrorId: null,
    sentAt: null,
    createdAt: NOW.toISOString(),
    ...extra,
  };
}

describe.each(testTargets())('the outbox and the notifications tables on %s', (_name, target) => {
  let db: Database;
  let outbox: OutboxRepository;

  beforeAll(async () => {
    db = await Database.open(await target());
    await db.migrate();
    outbox = new OutboxRepository(db);
  });
  afterAll(() => db?.close());

  const claim = (owner: string, at = NOW) => db.transaction((tx) => outbox.claimNext(tx, at, LATER, owner));
  const row = (messageId: string) => db.reads.getRepository('outbox').findOneByOrFail({ messageId }) as Promise<OutboxMessageEntity>;

  it('claims each due row once, the earliest first, under a lease that another worker may take once it ends', async () => {
    await db.transaction(async (tx) => {
      await outbox.insert(tx, message(1, { nextAttemptAt: '2026-12-01T05:59:00.000Z' }));
      await outbox.insert(tx, message(2));
      await outbox.insert(tx, message(3, { nextAttemptAt: LATER }));
    });
    expect(await claim('a')).toMatchObject({ subject: 'Digest 1', attempts: 1, leaseOwner: 'a', leaseUntil: LATER });
    expect(await claim('b')).toMatchObject({ subject: 'Digest 2', leaseOwner: 'b' });
    expect(await claim('b')).toBeNull();
    const afterLease = new Date(Date.parse(LATER) + 1);
    expect(await claim('c', afterLease)).toMatchObject({ subject: 'Digest 1', attempts: 2, leaseOwner: 'c' });
  });

  it('releases a row only for the worker that holds its lease, and sends a FAILED one again only once', async () => {
    const { id } = await row('<run-1.2@monitor.example.com>');
    await db.transaction((tx) => outbox.release(tx, id, 'a', 'SENT', { sentAt: NOW.toISOString() }));
    expect(await row('<run-1.2@monitor.example.com>')).toMatchObject({ status: 'PENDING', leaseOwner: 'b' });
    await db.transaction((tx) => outbox.release(tx, id, 'b', 'FAILED', { lastError: 'Refused' }));
    expect(await row('<run-1.2@monitor.example.com>')).toMatchObject({ status: 'FAILED', leaseOwner: null, leaseUntil: null });
    const again = { status: 'PENDING' as const, attempts: 0 };
    expect(await db.transaction((tx) => outbox.requeue(tx, id, again))).toBe(true);
    expect(await db.transaction((tx) => outbox.requeue(tx, id, again))).toBe(false);
  });

  it('lists newest first, by status, and to a reader of some portfolios only the emails about those alone', async () => {
    await db.transaction(async (tx) => {
      await outbox.insert(tx, message(4, { portfolioIds: ',1,2,' }));
      await outbox.insert(tx, message(5, { portfolioIds: null }));
    });
    const subjects = async (status: 'PENDING' | undefined, hidden: number[] | null) =>
      (await outbox.visiblePage(new PageQuery(), status, hidden))[0].map((m) => m.subject);
    expect(await subjects(undefined, null)).toEqual(['Digest 5', 'Digest 4', 'Digest 3', 'Digest 2', 'Digest 1']);
    expect(await subjects(undefined, [2])).toEqual(['Digest 3', 'Digest 2', 'Digest 1']);
    expect(await subjects('PENDING', [])).toEqual(['Digest 4', 'Digest 3', 'Digest 2', 'Digest 1']);
    expect((await outbox.visiblePage({ limit: 2, offset: 1 }, undefined, null))[1]).toBe(5);
  });

  it('tells what each recipient was told last of each breach', async () => {
    const notifications = new NotificationsRepository(db);
    const note = (recipientId: number, breachId: number, notifiedAt: string, utilizationPct: number | null) => ({
      recipientId,
      breachId,
      notifiedAt,
      utilizationPct,
    });
    await db.transaction((tx) =>
      notifications.insert(tx, [
        note(1, 10, '2026-11-30T06:00:00.000Z', 101.5),
        note(1, 10, '2026-12-01T06:00:00.000Z', 112.25),
        note(1, 11, '2026-12-01T06:00:00.000Z', null),
        note(2, 10, '2026-12-02T06:00:00.000Z', 130),
      ]),
    );
    const told = await db.transaction((tx) => notifications.lastTold(tx, 1));
    expect(told).toEqual(
      new Map([
        [10, { at: '2026-12-01T06:00:00.000Z', utilizationPct: 112.25 }],
        [11, { at: '2026-12-01T06:00:00.000Z', utilizationPct: null }],
      ]),
    );
  });
});
