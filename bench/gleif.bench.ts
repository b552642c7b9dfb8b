/**
 * GLEIF's golden copy through HTTP: 500,000 Level 2 relationships and 3,000,000 Level 1 LEI
 * records (generated, zipped as GLEIF publishes them), uploaded to the built service after a
 * holdings file of 2,000 issuers. Prints each upload's time, the service's peak RSS against the
 * 300 MB target, and /health's slowest answer meanwhile. Usage: npm run bench:gleif [-- postgres]
 */
import { existsSync, mkdirSync, openAsBlob, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLUMN_COUNTS, GOLDEN_COPY, writeLeiRecordsZip, writeRelationshipsZip } from './gleif-generator.js';
import { generateIssuers, writeHoldingsCsv } from './holdings-generator.js';
import { freshPostgresDatabase } from './support/postgres.js';
import { ServiceProcess } from './support/service.js';

const OUT = join(process.cwd(), 'bench', 'out');
const TARGET_RSS_MB = 300;
const onPostgres = process.argv.includes('postgres');

async function cached(path: string, write: () => Promise<unknown>): Promise<string> {
  if (!existsSync(path)) await write();
  return path;
}

/** Answers of /health every 250 ms while `work` runs: the slowest, in ms. */
async function slowestHealth<T>(service: ServiceProcess, work: Promise<T>): Promise<[T, number]> {
  let done = false;
  let slowest = 0;
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      await fetch(`${service.url}/health`).then((res) => res.arrayBuffer());
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  try {
    return [await work, slowest];
  } finally {
    done = true;
    await poll;
  }
}

/** Linux: the peak RSS (VmHWM) starts again from the RSS of now, so that it is this upload's. */
function resetPeakRss(service: ServiceProcess): void {
  writeFileSync(`/proc/${service.pid}/clear_refs`, '5');
}

async function upload(service: ServiceProcess, path: string, url: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('file', await openAsBlob(path), path.split('/').pop());
  const started = performance.now();
  const res = await service.api(url, { method: 'POST', body: form });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return { seconds: (performance.now() - started) / 1000, body };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const issuers = generateIssuers(2_000, 42);
  const holdings = await cached(join(OUT, 'gleif-holdings.csv'), () =>
    writeHoldingsCsv(join(OUT, 'gleif-holdings.csv'), { rows: 20_000, issuers, seed: 42, asOfDate: '2026-11-30' }),
  );
  const issuerLeis = issuers.map((issuer) => issuer.lei).filter(Boolean);
  const relationships = await cached(join(OUT, 'gleif-rr.csv.zip'), () => writeRelationshipsZip(join(OUT, 'gleif-rr.csv.zip'), issuerLeis));
  const leiRecords = await cached(join(OUT, 'gleif-lei2.csv.zip'), () => writeLeiRecordsZip(join(OUT, 'gleif-lei2.csv.zip')));
  const env: Record<string, string> = onPostgres
    ? { DATABASE_URL: await freshPostgresDatabase(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 'iem_gleif') }
    : {};
  const service = await ServiceProcess.start({ env: { LOG_LEVEL: 'warn', ...env } });
  try {
    await service.api('/api/portfolios', {
      method: 'POST',
      body: JSON.stringify({
        code: 'GLEIF',
        name: 'GLEIF',
        baseCurrency: 'USD',
        admittedAssets: 40e9,
        capitalAndSurplus: 3.2e9,
        participationRate: 0.004,
      }),
    });
    await upload(service, holdings, '/api/portfolios/GLEIF/holdings', { asOfDate: '2026-11-30' });
    console.log(`GLEIF golden copy on ${onPostgres ? 'PostgreSQL' : 'SQLite'}, after 2,000 issuers from a holdings file`);
    console.log(`service RSS before: ${service.rssMb().toFixed(0)} MB (peak so far ${service.peakRssMb().toFixed(0)} MB)`);
    console.log('file                                         zip MB   seconds   /health max ms   peak RSS MB   / 300 MB');
    const files: Array<[string, string, number, number]> = [
      ['Level 2', relationships, GOLDEN_COPY.relationships, COLUMN_COUNTS.relationships],
      ['Level 1', leiRecords, GOLDEN_COPY.leiRecords, COLUMN_COUNTS.leiRecords],
    ];
    for (const [level, path, records, columns] of files) {
      resetPeakRss(service);
      const [{ seconds, body }, health] = await slowestHealth(service, upload(service, path, '/api/issuers/hierarchy'));
      const peak = service.peakRssMb();
      const label = `${level}: ${records.toLocaleString('en-US')} records x ${columns} columns`;
      console.log(
        `${label.padEnd(44)} ${(statSync(path).size / 1e6).toFixed(0).padStart(6)}  ${seconds.toFixed(1).padStart(8)}  ${health.toFixed(0).padStart(15)}  ${peak.toFixed(0).padStart(12)}  ${(peak / TARGET_RSS_MB).toFixed(2).padStart(8)}x`,
      );
      console.log(`  ${JSON.stringify(body)}`);
    }
  } finally {
    await service.stop();
  }
}

await main();
