import pg from 'pg';

let counter = 0;

/**
 * A new, empty database on the server of `adminUrl`, named `prefix_<pid>_<time>_<n>`; its URL.
 * An unreachable server is an error that says so: tests that need PostgreSQL fail, never skip.
 */
export async function freshPostgresDatabase(adminUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now()}_${counter++}`;
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is needed and is unreachable at ${adminUrl}: ${(err as Error).message}`);
  }
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
