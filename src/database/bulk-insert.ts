import type { EntityManager } from 'typeorm';
import { from as copyFrom } from 'pg-copy-streams';
import { copyText, type Value } from './copy-text.js';
import { sqliteRowsPerStatement } from './statement-rows.js';

export type { Value };

interface SqliteHandle {
  prepare(sql: string): { run(params: Value[]): unknown };
}

interface PgClient {
  query(stream: ReturnType<typeof copyFrom>): ReturnType<typeof copyFrom>;
}

/** Rows per COPY on PostgreSQL: large enough to be fast, small enough to hold in memory. */
const COPY_ROWS = 10_000;
const COPY_PIECE_ROWS = 500;

/**
 * Bulk writes for the hot paths (a million holdings) in the caller's transaction: on SQLite
 * prepared multi-row INSERTs on the same connection (TypeORM's `insert` was about four times
 * slower), on PostgreSQL `COPY ... FROM STDIN` in batches (multi-row INSERTs took 30 s for 1M
 * rows). The caller's other statements in the transaction (new issuers) may run between batches:
 * on PostgreSQL the connection runs them after the COPY under way, in order.
 */
export class BulkInserter {
  /** SQLite: the values of the rows not yet written. */
  private readonly buffer: Value[] = [];
  /** PostgreSQL: the rows not yet written, as COPY text, a few hundred rows a piece. */
  private readonly pieces: string[] = [];
  private pendingRows = 0;
  /** The COPY the server is taking now (PostgreSQL). */
  private copying: Promise<void> = Promise.resolve();
  private readonly rowsPerBatch: number;
  private readonly prepared = new Map<number, { run(params: Value[]): unknown }>();
  inserted = 0;

  /** `maxRowsPerBatch` keeps each synchronous SQLite statement short when rows are large (JSON documents). */
  constructor(
    private readonly tx: EntityManager,
    private readonly table: string,
    private readonly columns: readonly string[],
    maxRowsPerBatch = Infinity,
  ) {
    this.rowsPerBatch = Math.min(maxRowsPerBatch, this.isSqlite() ? sqliteRowsPerStatement(columns.length) : COPY_ROWS);
  }

  /** Adds one or more whole rows, their values in the order of the columns. */
  async add(values: Value[]): Promise<void> {
    if (!this.isSqlite()) {
      this.addCopyValues(values);
      if (this.pendingRows >= this.rowsPerBatch) await this.flush();
      return;
    }
    const full = this.rowsPerBatch * this.columns.length;
    // A caller's batch of exactly one statement's rows goes as it is (holdings come so: see holdings-reader).
    if (this.buffer.length === 0 && values.length === full) return this.write(values);
    for (const value of values) {
      this.buffer.push(value);
      if (this.buffer.length === full) await this.flush();
    }
  }

  async finish(): Promise<number> {
    await this.flush();
    await this.copying;
    return this.inserted;
  }

  private async flush(): Promise<void> {
    if (this.isSqlite()) {
      if (this.buffer.length) this.write(this.buffer);
      this.buffer.length = 0;
    } else if (this.pendingRows) {
      // One COPY at a time, but the caller goes on preparing the next rows while the server takes these.
      await this.copying;
      this.copying = this.copy(this.pieces.splice(0));
      this.copying.catch(() => undefined); // awaited at the next flush or at finish, which then fail
      this.inserted += this.pendingRows;
      this.pendingRows = 0;
    }
  }

  private write(values: Value[]): void {
    const rows = values.length / this.columns.length;
    this.statement(rows).run(values);
    this.inserted += rows;
  }

  /**
   * COPY text in pieces of at most 500 rows: a string over about 128 KB would go straight into V8's
   * old generation. A row is joined from its values (measured: a third of the time of adding each value to the text).
   */
  private addCopyValues(values: Value[]): void {
    const width = this.columns.length;
    for (let start = 0; start < values.length; start += COPY_PIECE_ROWS * width) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(values.length, start + COPY_PIECE_ROWS * width); i += width) {
        lines.push(
          values
            .slice(i, i + width)
            .map(copyText)
            .join('\t'),
        );
      }
      this.pieces.push(`${lines.join('\n')}\n`);
      this.pendingRows += lines.length;
    }
  }

  private async copy(pieces: string[]): Promise<void> {
    const client = (await this.tx.queryRunner!.connect()) as PgClient;
    const stream = client.query(copyFrom(`COPY "${this.table}" (${this.columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
    await new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
      for (const piece of pieces) stream.write(piece);
      stream.end();
    });
  }

  private statement(rows: number) {
    let statement = this.prepared.get(rows);
    if (!statement) {
      const handle = (this.tx.connection.driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection;
      const tuple = `(${this.columns.map(() => '?').join(', ')})`;
      statement = handle.prepare(
        `INSERT INTO "${this.table}" (${this.columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')}`,
      );
      this.prepared.set(rows, statement);
    }
    return statement;
  }

  private isSqlite(): boolean {
    return this.tx.connection.options.type === 'better-sqlite3';
  }
}
