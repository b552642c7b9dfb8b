/**
 * Holdings ingest through HTTP, each size on a freshly started service, against the database's own
 * command line loading the same CSV into an untyped table (which validates nothing): sqlite3's
 * `.import` on SQLite, psql's `\copy` on PostgreSQL. Targets: within 2.0x on 1M rows, service peak
 * RSS under 300 MB. Then a 200,000-row XLSX workbook of the same rows on SQLite (no reference: its
 * time and memory). Each CSV size twice: all USD, and the same rows with a third in EUR or GBP
 * (the ECB's rates of the as-of date uploaded first; every foreign row converted to USD).
 * Usage: npm run bench:ingest [-- rows... sqlite|postgres|xlsx usd|foreign]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openAsBlob, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { benchHoldingsFile, benchRatesFile, HOLDINGS_HEADER } from './holdings-generator.js';
import { freshPostgresDatabase } from './support/postgres.js';
import { ServiceProcess } from './support/service.js';

const OUT = join(process.cwd(), 'bench', 'out');
const args = process.argv.slice(2);
const sizes = args.map(Number).filter((n) => n > 0);
const KINDS = ['sqlite', 'postgres', 'xlsx'] as const;
const kinds = KINDS.filter((kind) => !args.some((a) => (KINDS as readonly string[]).includes(a)) || args.includes(kind));
const CURRENCIES = ['usd', 'foreign'] as const;
const currencies = CURRENCIES.filter((c) => !args.some((a) => (CURRENCIES as readonly string[]).includes(a)) || args.includes(c));
const XLSX_ROWS = 200_000;
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
  const columns = HOLDINGS_HEADER.split(',');
  execFileSync('psql', [url, '-q', '-c', `CREATE TABLE holdings (${columns.map((c) => `"${c}" text`).join(', ')})`]);
  return seconds(() => execFileSync('psql', [url, '-q', '-c', `\\copy holdings FROM '${csv}' WITH (FORMAT csv, HEADER true)`]));
}

/** The rows of the generated CSV as a workbook, amounts and coupons as numbers, as a spreadsheet holds them. */
async function benchHoldingsWorkbook(rows: number): Promise<string> {
  const path = join(OUT, `holdings-${rows}.xlsx`);
  if (existsSync(path)) return path;
  const [header, ...lines] = Papa.parse<string[]>(readFileSync(await benchHoldingsFile(OUT, rows), 'utf8'), { skipEmptyLines: true }).data;
  const numeric = new Set(['par_value', 'market_value', 'book_value', 'coupon_rate'].map((column) => header.indexOf(column)));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Holdings');
  sheet.addRow(header).commit();
  for (const cells of lines) sheet.addRow(cells.map((cell, i) => (numeric.has(i) && cell !== '' ? Number(cell) : cell))).commit();
  await workbook.commit();
  return path;
}

/** One upload on a fresh service (the day's rates uploaded first when asked): its seconds and the service's peak RSS. */
async function measure(file: string, rows: number, env: Record<string, string>, rates = false): Promise<{ elapsed: number; peak: number }> {
  const service = await ServiceProcess.start({ env });
  try {
    if (rates) {
      const form = new FormData();
      form.set('file', await openAsBlob(benchRatesFile(OUT)), 'eurofxref.csv');
      const res = await service.api('/api/fx-rates', { method: 'POST', body: form });
      if (res.status !== 201) throw new Error(`the rates upload answered ${res.status}: ${await res.text()}`);
    }
    const elapsed = await service.timedHoldingsUpload(file, `BENCH-${rows}`);
    return { elapsed, peak: service.peakRssMb() };
  } finally {
    await service.stop();
  }
}

function report(kind: string, rows: number, file: string, elapsed: number, reference: number | null, peak: number): void {
  console.log(
    [
      kind.padEnd(17),
      String(rows).padEnd(10),
      (statSync(file).size / 1e6).toFixed(0).padStart(4),
      elapsed.toFixed(2).padStart(10),
      String(Math.round(rows / elapsed)).padStart(9),
      (reference === null ? '-' : reference.toFixed(2)).padStart(13),
      (reference === null ? '-' : `${(elapsed / reference).toFixed(2)}x`).padStart(7),
      peak.toFixed(0).padStart(12),
    ].join(' '),
  );
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  console.log('database          rows        MB   service s    rows/s   reference s   ratio   service peak RSS MB');
  for (const kind of kinds) {
    if (kind === 'xlsx') {
      const workbook = await benchHoldingsWorkbook(XLSX_ROWS);
      const { elapsed, peak } = await measure(workbook, XLSX_ROWS, {});
      report('xlsx', XLSX_ROWS, workbook, elapsed, null, peak);
      continue;
    }
    for (const rows of sizes.length ? sizes : [100_000, 1_000_000]) {
      for (const currency of currencies) {
        const csv = await benchHoldingsFile(OUT, rows, currency === 'foreign');
        const env: Record<string, string> =
          kind === 'postgres' ? { DATABASE_URL: await freshPostgresDatabase(ADMIN_URL, 'iem_ingest') } : {};
        const { elapsed, peak } = await measure(csv, rows, env, currency === 'foreign');
        const reference = kind === 'postgres' ? await psqlCopySeconds(csv) : sqliteImportSeconds(csv);
        report(`${kind}${currency === 'foreign' ? ' 1/3 fx' : ''}`, rows, csv, elapsed, reference, peak);
      }
    }
  }
}

await main();
