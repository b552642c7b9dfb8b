import { Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DatabaseUnavailable } from '../common/errors.js';
import { StartupError, type DatabaseTarget } from '../config/app-config.js';
import { isDatabaseUnavailable } from './database-faults.js';
import { dataSourceOptions } from './data-source-options.js';
import { Mutex } from './mutex.js';
import { positional } from './sql.js';
import { WalCheckpointer } from './wal-checkpointer.js';

/** Any lock keys will do, as long as they are this service's alone. */
const MIGRATION_LOCK = 7_355_608;
export enum AppLock {
  Breaches = 7_355_609,
  Issuers = 7_355_610,
  Users = 7_355_611,
  LimitPresets = 7_355_612,
}

/**
 * The service's database. On PostgreSQL every transaction gets its own pooled connection. SQLite
 * has one connection per DataSource and TypeORM does not keep two transactions apart on it, so
 * writes go through a second connection, one transaction at a time: readers on the first never
 * see a half-written upload.
 */
export class Database {
  private readonly logger = new Logger(Database.name);

  private constructor(
    readonly kind: DatabaseTarget['kind'],
    readonly reads: DataSource,
    private readonly writer: DataSource,
    private readonly writeLock: Mutex | null,
    private readonly checkpointer: WalCheckpointer | null = null,
  ) {}

  /** Fails with a StartupError naming DATABASE_URL (never its password) when the database cannot be opened. */
  static async open(target: DatabaseTarget): Promise<Database> {
    try {
      return await Database.connect(target);
    } catch (err) {
      throw openFailure(target, err as NodeJS.ErrnoException);
    }
  }

  private static async connect(target: DatabaseTarget): Promise<Database> {
    const reads = await new DataSource(dataSourceOptions(target)).initialize();
    if (target.kind === 'postgres') return new Database('postgres', reads, reads, null);
    if (target.file === ':memory:') return new Database('sqlite', reads, reads, new Mutex());
    const writer = await new DataSource(dataSourceOptions(target)).initialize();
    return new Database('sqlite', reads, writer, new Mutex(), WalCheckpointer.start(target.file));
  }

  async migrate(): Promise<void> {
    await this.lockedOnPostgres(async () => {
      const applied = await this.writer.runMigrations({ transaction: 'each' });
      if (applied.length > 0) this.logger.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    });
  }

  /**
   * Resolves only once the work is committed. A database that cannot take it (a failing or full
   * disk, a dropped connection) is a DatabaseUnavailable (503), and the connection is left as new.
   */
  async transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      const result = await (this.writeLock ? this.writeLock.run(() => this.sqliteTransaction(work)) : this.writer.transaction(work));
      this.writesFailing = null;
      return result;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      this.writesFailing ??= new Date();
      throw err instanceof DatabaseUnavailable ? err : new DatabaseUnavailable(err);
    }
  }

  /** Since when writes fail for want of the database, or null while they succeed. */
  get failingSince(): Date | null {
    return this.writesFailing;
  }

  /** Whether the database answers a read. */
  async ping(): Promise<void> {
    await this.reads.query('SELECT 1');
  }

  /** Whether the database takes a write now: a row of its own, committed. */
  async probeWrite(at: string): Promise<void> {
    await this.transaction((tx) =>
      tx.query(
        positional(
          this.kind,
          'INSERT INTO health_probes (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at',
        ),
        [at],
      ),
    );
  }

  /**
   * TypeORM keeps one query runner for SQLite and counts its own transaction depth: a COMMIT that
   * failed (a disk I/O error) and a ROLLBACK that then found no transaction left it counting one,
   * so every later "transaction" was a SAVEPOINT inside one that was never committed, answered as
   * done and lost. After each transaction the connection must be out of any transaction.
   */
  private async sqliteTransaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await this.writer.transaction(work);
    } catch (err) {
      if (this.sqliteInTransaction()) await this.resetSqliteWriter();
      throw err;
    }
    if (this.sqliteInTransaction()) {
      await this.resetSqliteWriter();
      throw new DatabaseUnavailable(new Error('SQLite was still in the transaction after COMMIT; it was rolled back'));
    }
    return result;
  }

  private writesFailing: Date | null = null;

  private sqliteInTransaction(): boolean {
    const runner = this.sqliteRunner();
    return this.sqliteHandle().inTransaction || (runner !== undefined && (runner.isTransactionActive || runner.transactionDepth !== 0));
  }

  private async resetSqliteWriter(): Promise<void> {
    const handle = this.sqliteHandle();
    try {
      if (handle.inTransaction) handle.exec('ROLLBACK');
    } catch (err) {
      this.logger.warn(`ROLLBACK after a failed transaction failed: ${(err as Error).message}`);
    }
    const runner = this.sqliteRunner();
    if (runner) Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
    if (handle.inTransaction && this.writer !== this.reads) {
      this.logger.warn('The SQLite writer is still in a transaction: reopening it');
      await this.writer.destroy().catch(() => undefined);
      await this.writer.initialize();
    }
  }

  private sqliteHandle(): { inTransaction: boolean; exec(sql: string): void } {
    return (this.writer.driver as unknown as { databaseConnection: { inTransaction: boolean; exec(sql: string): void } })
      .databaseConnection;
  }

  private sqliteRunner(): { isTransactionActive: boolean; transactionDepth: number } | undefined {
    return (this.writer.driver as unknown as { queryRunner?: { isTransactionActive: boolean; transactionDepth: number } }).queryRunner;
  }

  /**
   * Serialises a read-modify-write section across replicas on PostgreSQL, until the transaction
   * ends. SQLite needs nothing: its writes already go one transaction at a time.
   */
  async lockWithin(tx: EntityManager, lock: AppLock): Promise<void> {
    if (this.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [lock]);
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.writer !== this.reads) await this.writer.destroy();
    await this.reads.destroy();
  }

  /** Replicas starting together must not migrate at the same time. */
  private async lockedOnPostgres(work: () => Promise<void>): Promise<void> {
    if (this.kind !== 'postgres') return work();
    const runner = this.reads.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }
}

/** PostgreSQL's SQLSTATE for a database that does not exist. */
const UNKNOWN_DATABASE = '3D000';

function openFailure(target: DatabaseTarget, err: NodeJS.ErrnoException): StartupError {
  // An AggregateError (every address of a host refused) has no message of its own, only a code.
  const reason = err.message || err.code || String(err);
  if (target.kind === 'sqlite') {
    return new StartupError(
      'DATABASE_URL',
      `names the SQLite file ${target.file}, which cannot be created or written (${reason}); point it at a file in a folder this service may write to`,
    );
  }
  const url = new URL(target.url);
  const server = `${url.hostname}:${url.port || 5432}`;
  const database = decodeURIComponent(url.pathname.slice(1));
  if (err.code === UNKNOWN_DATABASE) {
    return new StartupError(
      'DATABASE_URL',
      `names the database "${database}", which does not exist on the PostgreSQL server ${server}; create it or correct DATABASE_URL`,
    );
  }
  return new StartupError(
    'DATABASE_URL',
    `points at the PostgreSQL server ${server}, which cannot be reached or refuses the connection (${reason}); start PostgreSQL there or correct DATABASE_URL`,
  );
}
