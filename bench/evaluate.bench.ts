/**
 * The full projection (one aggregated read + the risk core) for 1,000,000 holdings over 2,000
 * issuers, 50 deals, 3 scenarios and 24 months, against the reference of the sqlite3 command line
 * running the GROUP BY of holdings by issuer and maturity month over the same database.
 * Target: within 1.5x of that query.  Usage: npm run bench:evaluate
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module.js';
import { loadConfig } from '../src/config/app-config.js';
import { ScenariosService } from '../src/issuance/scenarios.service.js';
import { ProjectionService } from '../src/projection/projection.service.js';
import { project } from '../src/risk/projection.js';
import { generateIssuers, mulberry32, writeHoldingsCsv } from './holdings-generator.js';
import { ServiceProcess } from './support/service.js';

const ROWS = 1_000_000;
const OUT = join(process.cwd(), 'bench', 'out');

async function loadWorkspace(service: ServiceProcess, csv: string): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const res = await service.api(path, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  await post('/api/portfolios', {
    code: 'BENCH',
    name: 'Bench',
    baseCurrency: 'USD',
    admittedAssets: 40e9,
    capitalAndSurplus: 3.2e9,
    participationRate: 0.004,
  });
  const form = new FormData();
  form.set('asOfDate', '2026-11-30');
  form.set('file', await openAsBlob(csv), 'holdings.csv');
  const upload = await service.api('/api/portfolios/BENCH/holdings', { method: 'POST', body: form });
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
  const issuers = generateIssuers(2_000, 42);
  const rand = mulberry32(7);
  for (let i = 0; i < 50; i++) {
    const issuer = issuers[Math.floor(rand() * issuers.length)];
    const month = String(1 + (i % 12)).padStart(2, '0');
    await post('/api/issuance/deals', {
      issuer: issuer.cusip6,
      expectedDate: `${2027 + (i % 2)}-${month}-15`,
      amount: 1e9 + Math.floor(rand() * 20) * 1e9,
      probability: Math.round(rand() * 10) / 10,
    });
  }
  await post('/api/limits', {
    name: 'Single family 2.5%',
    portfolio: null,
    scope: { type: 'EACH_ISSUER_FAMILY' },
    measure: 'MARKET_VALUE',
    basis: 'PCT_ADMITTED_ASSETS',
    limitPct: 2.5,
  });
  await post('/api/limits', {
    name: 'Below investment grade',
    portfolio: null,
    scope: { type: 'NAIC_RANGE', naicMin: 3, naicMax: 6 },
    measure: 'BOOK_VALUE',
    basis: 'PCT_ADMITTED_ASSETS',
    limitPct: 20,
  });
  await post('/api/limits', {
    name: 'Technology',
    portfolio: null,
    scope: { type: 'SECTOR', sector: 'Technology' },
    measure: 'MARKET_VALUE',
    basis: 'PCT_ADMITTED_ASSETS',
    limitPct: 15,
  });
}

function referenceSeconds(dbFile: string): number {
  const started = performance.now();
  execFileSync(
    'sqlite3',
    [dbFile, 'SELECT issuer_id, substr(maturity_date, 1, 7), SUM(market_cents) FROM holdings WHERE snapshot_id = 1 GROUP BY 1, 2;'],
    { maxBuffer: 1 << 28 },
  );
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const csv = join(OUT, `holdings-${ROWS}.csv`);
  if (!existsSync(csv))
    await writeHoldingsCsv(csv, {
      rows: ROWS,
      issuers: generateIssuers(2_000, 42),
      seed: 42,
      asOfDate: '2026-11-30',
      cdsRows: ROWS / 1000,
    });
  const service = await ServiceProcess.start();
  await loadWorkspace(service, csv);
  await service.stop();

  const config = loadConfig({ DATA_DIR: service.dataDir, EVALUATION_CRON: 'off' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  const projection = app.get(ProjectionService);
  const scenarios = await app.get(ScenariosService).byNames(['base', 'full-pipeline', 'stress']);
  const runs: number[] = [];
  let checks = 0;
  let families = 0;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const { input } = await projection.inputFor('BENCH', 24);
    checks = scenarios.reduce((n, scenario) => n + project({ ...input, scenario }).length, 0);
    runs.push((performance.now() - started) / 1000);
    families = input.families.length;
  }
  await app.close();
  const reference = Math.min(...[0, 1, 2].map(() => referenceSeconds(join(service.dataDir, 'monitor.db'))));
  const best = Math.min(...runs);
  console.log(`${ROWS} holdings, ${families} families, 50 deals, 3 scenarios x 24 months: ${checks} limit checks`);
  console.log(`full projection (read + compute), best of 3: ${best.toFixed(3)} s   (runs: ${runs.map((r) => r.toFixed(3)).join(', ')})`);
  console.log(`sqlite3 GROUP BY issuer, maturity month, best of 3: ${reference.toFixed(3)} s`);
  console.log(`ratio: ${(best / reference).toFixed(2)}x (target 1.5x)`);
}

await main();
