import type { DatabaseTarget } from '../config/app-config.js';

/** Raw SQL is written with `?` placeholders; PostgreSQL numbers them ($1, $2...). */
export function positional(kind: DatabaseTarget['kind'], sql: string): string {
  if (kind === 'sqlite') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
