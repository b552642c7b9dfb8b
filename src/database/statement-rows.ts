/**
 * Rows a multi-row INSERT of `columns` columns writes on SQLite: SQLite takes at most 32,766
 * parameters a statement, and half of that keeps each (synchronous) statement short. A caller that
 * hands BulkInserter batches of exactly this many rows has each written as it comes.
 */
export function sqliteRowsPerStatement(columns: number): number {
  return Math.floor(32_000 / columns / 2);
}
