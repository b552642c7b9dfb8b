import type { EntityManager } from 'typeorm';

type Value = string | number | null;

interface SqliteHandle {
  prepare(sql: string): { run(...params: Value[]): unknown };
}

/**
 * Multi-row INSERTs with prepared statements for the hot paths (a million holdings): through
 * TypeORM's `insert` each batch costs about four times as much. It writes in the caller's
 * transaction: on SQLite through the same connection, on PostgreSQL through its query runner.
 */
export class BulkInserter {
  private readonly buffer: Value[] = [];
  private readonly rowsPerBatch: number;
  private readonly prepared = new Map<number, { run(...params: Value[]): unknown }>();
  inserted = 0;

  constructor(
    private readonly tx: EntityManager,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {
    // PostgreSQL takes at most 65,535 parameters a statement; SQLite's limit is 32,766.
    this.rowsPerBatch = Math.floor((this.isSqlite() ? 32_000 : 65_000) / columns.length / 2);
  }

  async add(values: Value[]): Promise<void> {
    for (const value of values) this.buffer.push(value);
    if (this.buffer.length >= this.rowsPerBatch * this.columns.length) await this.flush();
  }

  async finish(): Promise<number> {
    await this.flush();
    return this.inserted;
  }

  private async flush(): Promise<void> {
    const rows = this.buffer.length / this.columns.length;
    if (rows === 0) return;
    if (this.isSqlite()) this.statement(rows).run(...this.buffer);
    else await this.tx.query(this.sql(rows, (i) => `$${i + 1}`), this.buffer);
    this.inserted += rows;
    this.buffer.length = 0;
  }

  private statement(rows: number) {
    let statement = this.prepared.get(rows);
    if (!statement) {
      const handle = (this.tx.connection.driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection;
      statement = handle.prepare(this.sql(rows, () => '?'));
      this.prepared.set(rows, statement);
    }
    return statement;
  }

  private sql(rows: number, placeholder: (i: number) => string): string {
    const width = this.columns.length;
    const tuples = Array.from({ length: rows }, (_, r) => `(${this.columns.map((_, c) => placeholder(r * width + c)).join(', ')})`);
    return `INSERT INTO "${this.table}" (${this.columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`;
  }

  private isSqlite(): boolean {
    return this.tx.connection.options.type === 'better-sqlite3';
  }
}
