import type { EntityManager } from 'typeorm';
import { from as copyFrom } from 'pg-copy-streams';

export type Value = string | number | null;

interface SqliteHandle {
  prepare(sql: string): { run(params: Value[]): unknown };
}

interface PgClient {
  query(stream: ReturnType<typeof copyFrom>): ReturnType<typeof copyFrom>;
}

/** Rows per COPY on PostgreSQL: large enough to be fast, small enough to hold in memory. */
const COPY_ROWS = 10_000;

/**
 * Bulk writes for the hot paths (a million holdings) in the caller's transaction: on SQLite
 * prepared multi-row INSERTs on the same connection (TypeORM's `insert` was about four times
 * slower), on PostgreSQL `COPY ... FROM STDIN` in batches (multi-row INSERTs took 30 s for 1M
 * rows). A batch is written whole before the caller's next query, so other statements of the
 * transaction (new issuers) can run between batches.
 */
export class BulkInserter {
  private readonly buffer: Value[] = [];
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
    // SQLite takes at most 32,766 parameters a statement.
    this.rowsPerBatch = Math.min(maxRowsPerBatch, this.isSqlite() ? Math.floor(32_000 / columns.length / 2) : COPY_ROWS);
  }

  /** Adds one or more whole rows, their values in the order of the columns. */
  async add(values: Value[]): Promise<void> {
    const full = this.rowsPerBatch * this.columns.length;
    for (const value of values) {
      this.buffer.push(value);
      if (this.buffer.length === full) await this.flush();
    }
  }

  async finish(): Promise<number> {
    await this.flush();
    return this.inserted;
  }

  private async flush(): Promise<void> {
    const rows = this.buffer.length / this.columns.length;
    if (rows === 0) return;
    if (this.isSqlite()) this.statement(rows).run(this.buffer);
    else await this.copy();
    this.inserted += rows;
    this.buffer.length = 0;
  }

  private async copy(): Promise<void> {
    const client = (await this.tx.queryRunner!.connect()) as PgClient;
    const stream = client.query(copyFrom(`COPY "${this.table}" (${this.columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
    const width = this.columns.length;
    const lines: string[] = [];
    for (let i = 0; i < this.buffer.length; i += width)
      lines.push(
        this.buffer
          .slice(i, i + width)
          .map(copyText)
          .join('\t'),
      );
    await new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
      stream.end(`${lines.join('\n')}\n`);
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

/** COPY's text format: \N for NULL, backslash escapes for the separators. */
function copyText(value: Value): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}
