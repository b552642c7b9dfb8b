/**
 * Holdings ingest through HTTP, each size on a freshly started service, against the database's own
 * command line loading the same CSV into an untyped table (which validates nothing): sqlite3's
 * `.import` on SQLite, psql's `\copy` on PostgreSQL. Targets: within 2.0x on 1M rows, service peak
 * RSS under 300 MB.  Usage: npm run bench:ingest [-- rows... sqlite|postgres]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { benchHoldingsFile } from './holdings-generator.js';
import { freshPostgresDatabase } from './support/postgres.js';
import { ServiceProcess } from './support/service.js';

const OUT = join(process.cwd(), 'bench', 'out');
const args = process.argv.slice(2);
const sizes = args.map(Number).filter((n) => n > 0);
const kinds = (['sqlite', 'postgres'] as const).filter(
  (kind) => !args.some((a) => a === 'sqlite' || a === 'postgres') || args.includes(kind),
);
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function seconds(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

function sqliteImportSeconds(csv: string): number {
  const db = join(OUT, 'reference.db');
  rmSync(db, { force: true });
  const elapsed = seconds(() => execFileSync('sqlite3', [db, '.mode csv', `.import ${csv} holdings`]));
  rmSync(db, { force: true });
  return elapsed;
}

async function psqlCopySeconds(csv: string): Promise<number> {
  const url = await freshPostgresDatabase(ADMIN_URL, 'iem_ingest_ref');
  const columns = readFileSync(csv, 'utf8').slice(0, 4096).split('\n')[0].split(',');
  execFileSync('psql', [url, '-q', '-c', `CREATE TABLE holdings (${columns.map((c) => `"${c}" text`).join(', ')})`]);
  return seconds(() => execFileSync('psql', [url, '-q', '-c', `\\copy holdings FROM '${csv}' WITH (FORMAT csv, HEADER true)`]));
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  console.log('database   rows        MB   service s    rows/s   reference s   ratio   service peak RSS MB');
  for (const kind of kinds) {
    for (const rows of sizes.length ? sizes : [100_000, 1_000_000]) {
      const csv = await benchHoldingsFile(OUT, rows);
      const env: Record<string, string> = kind === 'postgres' ? { DATABASE_URL: await freshPostgresDatabase(ADMIN_URL, 'iem_ingest') } : {};
      const service = await ServiceProcess.start({ env });
      let elapsed: number;
      let peak: number;
      try {
        elapsed = await service.timedHoldingsUpload(csv, `BENCH-${rows}`);
        peak = service.peakRssMb();
      } finally {
        await service.stop();
      }
      const reference = kind === 'postgres' ? await psqlCopySeconds(csv) : sqliteImportSeconds(csv);
      console.log(
        [
          kind.padEnd(10),
          String(rows).padEnd(10),
          (statSync(csv).size / 1e6).toFixed(0).padStart(4),
          elapsed.toFixed(2).padStart(10),
          String(Math.round(rows / elapsed)).padStart(9),
          reference.toFixed(2).padStart(13),
          `${(elapsed / reference).toFixed(2)}x`.padStart(7),
          peak.toFixed(0).padStart(12),
        ].join(' '),
      );
    }
  }
}

await main();
