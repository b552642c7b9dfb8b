// The feature modules name the entities the database opens with.
import '../app.module.js';
import { FixedClock } from '../common/clock.js';
import { Instance } from '../common/instance.js';
import { Database } from '../database/database.js';
import { testTargets } from '../../test/support/databases.js';
import { EvaluationRunEntity } from './evaluation-run.entity.js';
import { isInterruptedFirstAttempt, LeaseLost, RUN_LEASE_MS, RunLedger } from './run-ledger.js';
import { RunsRepository } from './runs.repository.js';

describe.each(testTargets())('the run ledger on %s', (_name, target) => {
  let db: Database;
  const clock = new FixedClock(new Date('2026-12-01T06:00:00Z'));
  const here = new Instance();
  const there = new Instance();
  let ledger: RunLedger;
  let other: RunLedger;

  beforeAll(async () => {
    db = await Database.open(await target());
    await db.migrate();
    ledger = new RunLedger(db, new RunsRepository(db), clock, here);
    other = new RunLedger(db, new RunsRepository(db), clock, there);
  });
  afterAll(() => db?.close());

  const tick = { trigger: 'SCHEDULED' as const, scheduledFor: '2026-12-01T06:00:00.000Z' };
  const stored = (id: number) => db.reads.getRepository(EvaluationRunEntity).findOneByOrFail({ id });

  it('claims a tick once across instances, and a manual run every time', async () => {
    const first = await ledger.claim(tick);
    expect(first).toMatchObject({ status: 'RUNNING', owner: here.id, attempt: 1, leaseUntil: '2026-12-01T06:01:00.000Z' });
    expect(await other.claim(tick)).toBeNull();
    expect(await other.claim({ ...tick, attempt: 2 })).toMatchObject({ attempt: 2, owner: there.id });
    const manual = { trigger: 'MANUAL' as const, scheduledFor: null };
    expect((await ledger.claim(manual))!.id).not.toBe((await ledger.claim(manual))!.id);
  });

  it('is finished only by its holder: another instance meets LeaseLost and changes nothing', async () => {
    const run = (await ledger.claim({ trigger: 'MANUAL', scheduledFor: null }))!;
    await expect(db.transaction((tx) => other.finish(tx, run.id, { status: 'SUCCEEDED' }))).rejects.toThrow(LeaseLost);
    expect((await stored(run.id)).status).toBe('RUNNING');
    await db.transaction((tx) => ledger.finish(tx, run.id, { status: 'SUCCEEDED' }));
    expect(await stored(run.id)).toMatchObject({ status: 'SUCCEEDED', leaseUntil: null, finishedAt: '2026-12-01T06:00:00.000Z' });
  });

  it('fails a run whose lease ran out, with the reason, but never one its own instance is holding', async () => {
    const held = (await ledger.claim({ trigger: 'SCHEDULED', scheduledFor: '2026-12-02T06:00:00.000Z' }))!;
    const dead = (await other.claim({ trigger: 'SCHEDULED', scheduledFor: '2026-12-03T06:00:00.000Z' }))!;
    clock.set(new Date(Date.parse('2026-12-01T06:00:00Z') + RUN_LEASE_MS + 1));
    const failed = await ledger.holding(held.id, () => ledger.failInterrupted());
    expect(failed.map((r) => r.id)).toContain(dead.id);
    expect(failed.map((r) => r.id)).not.toContain(held.id);
    const marked = await stored(dead.id);
    expect(marked.error).toBe(
      `Interrupted: the process running it (${there.id}) stopped before it finished, so nothing it found was recorded`,
    );
    expect(isInterruptedFirstAttempt(marked)).toBe(true);
    expect(await ledger.latestTickRun()).toMatchObject({ id: dead.id });
  });
});
