/**
 * Holdings ingest through HTTP against the reference of the sqlite3 command line importing the
 * same CSV into an untyped table (which validates nothing). Target: within 2.0x on 1M rows,
 * service peak RSS under 300 MB.  Usage: npm run bench:ingest [-- rows...]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { benchHoldingsFile } from './holdings-generator.js';
import { ServiceProcess } from './support/service.js';

const OUT = join(process.cwd(), 'bench', 'out');
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);

function sqliteImportSeconds(csv: string): number {
  const db = join(OUT, 'reference.db');
  rmSync(db, { force: true });
  const started = performance.now();
  execFileSync('sqlite3', [db, '.mode csv', `.import ${csv} holdings`]);
  const seconds = (performance.now() - started) / 1000;
  rmSync(db, { force: true });
  return seconds;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const service = await ServiceProcess.start();
  try {
    console.log('rows       MB    service s   rows/s     sqlite3 .import s   ratio   service peak RSS MB');
    for (const rows of sizes.length ? sizes : [100_000, 1_000_000]) {
      const csv = await benchHoldingsFile(OUT, rows);
      const code = `BENCH-${rows}`;
      const seconds = await service.timedHoldingsUpload(csv, code);
      const reference = sqliteImportSeconds(csv);
      const mb = statSync(csv).size / 1e6;
      console.log(
        `${String(rows).padEnd(10)} ${mb.toFixed(0).padStart(4)}  ${seconds.toFixed(2).padStart(9)}  ${Math.round(rows / seconds)
          .toString()
          .padStart(
            8,
          )}  ${reference.toFixed(2).padStart(18)}  ${(seconds / reference).toFixed(2).padStart(6)}x  ${service.peakRssMb().toFixed(0).padStart(10)}`,
      );
    }
  } finally {
    await service.stop();
  }
}

await main();
