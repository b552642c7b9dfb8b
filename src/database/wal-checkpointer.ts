import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';

/** Often enough that the WAL stays small; a checkpoint with nothing to copy costs microseconds. */
const EVERY_MS = 1_000;

/**
 * Runs SQLite's WAL checkpoints on a thread of their own. SQLite would otherwise checkpoint in the
 * connection that commits, on the event loop: after a large commit (a run with thousands of
 * breaches, a million-row upload) copying the WAL into the database file held every request for
 * hundreds of milliseconds. PASSIVE checkpoints never wait for, nor block, readers and writers.
 */
export class WalCheckpointer {
  private readonly logger = new Logger(WalCheckpointer.name);

  private constructor(private readonly worker: Worker) {
    worker.on('message', (problem: string) => this.logger.warn(`WAL checkpoint failed: ${problem}`));
    worker.on('error', (err) => this.logger.error(`WAL checkpointer stopped: ${err.message}`));
    worker.unref();
  }

  static start(file: string): WalCheckpointer {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    return new WalCheckpointer(new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, everyMs: EVERY_MS } }));
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage(String(err && err.message || err));
  }
}, workerData.everyMs);
`;
