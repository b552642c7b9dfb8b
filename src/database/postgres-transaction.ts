import type { DataSource, EntityManager } from 'typeorm';
import { CommitOutcomeUnknown } from '../common/errors.js';
import { isDatabaseUnavailable } from './database-faults.js';

/** How long the outcome of a COMMIT whose answer was lost is asked for, and how often. */
const OUTCOME_WAIT_MS = 3_000;
const OUTCOME_EVERY_MS = 100;

/**
 * Just before COMMIT, in one round trip: the transaction id (null when it wrote nothing: there is
 * then nothing to ask about), and synchronous_commit turned on for this transaction should the
 * server, the database or the role have it off, which answers a commit before it is on disk.
 */
const BEFORE_COMMIT = `SELECT txid_current_if_assigned()::text AS xid,
  CASE WHEN current_setting('synchronous_commit') = 'off' THEN set_config('synchronous_commit', 'on', true) END AS synchronous`;

/**
 * One transaction on a pooled connection of its own. When the connection drops at COMMIT, the
 * server may have committed or not, and only it knows: its transaction id is asked on another
 * connection (txid_status). Committed, the work is done and said so (it used to be a 503 "nothing
 * was changed" for a write that was there); aborted, the error stands; the server unreachable for
 * OUTCOME_WAIT_MS, a CommitOutcomeUnknown says that it is not known.
 */
export async function postgresTransaction<T>(source: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  const runner = source.createQueryRunner();
  try {
    await runner.startTransaction();
    let result: T;
    let xid: string | null;
    try {
      result = await work(runner.manager);
      [{ xid }] = (await runner.query(BEFORE_COMMIT)) as Array<{ xid: string | null }>;
    } catch (err) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    }
    try {
      await runner.commitTransaction();
    } catch (err) {
      await runner.rollbackTransaction().catch(() => undefined);
      if (xid === null || !isDatabaseUnavailable(err)) throw err;
      const outcome = await commitOutcome(source, xid);
      if (outcome !== 'committed') throw outcome === 'unknown' ? new CommitOutcomeUnknown(err) : err;
    }
    return result;
  } finally {
    await runner.release();
  }
}

async function commitOutcome(source: DataSource, xid: string): Promise<'committed' | 'aborted' | 'unknown'> {
  const deadline = Date.now() + OUTCOME_WAIT_MS;
  for (;;) {
    const status = await source.query('SELECT txid_status($1) AS status', [xid]).then(
      ([row]: Array<{ status: string | null }>) => row.status,
      () => 'unreachable',
    );
    if (status === 'committed' || status === 'aborted') return status;
    // 'in progress': the server has not yet finished with it, or not yet seen the client go.
    if (status === null || Date.now() >= deadline) return 'unknown';
    await new Promise((resolve) => setTimeout(resolve, OUTCOME_EVERY_MS));
  }
}
