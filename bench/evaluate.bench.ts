/**
 * The full projection (one aggregated read + the risk core) for 1,000,000 holdings over 2,000
 * issuers, 50 deals, 3 scenarios and 24 months, against the reference of the sqlite3 command line
 * running the GROUP BY of holdings by issuer and maturity month over the same database.
 * Target: within 1.5x of that query.  Usage: npm run bench:evaluate
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module.js';
import { loadConfig } from '../src/config/app-config.js';
import { ScenariosService } from '../src/issuance/scenarios.service.js';
import { ProjectionService } from '../src/projection/projection.service.js';
import { project } from '../src/risk/projection.js';
import { ServiceProcess } from './support/service.js';
import { benchHoldingsFile } from './holdings-generator.js';
import { loadWorkspace } from './support/workspace.js';

const ROWS = 1_000_000;

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
  const csv = await benchHoldingsFile(join(process.cwd(), 'bench', 'out'), ROWS);
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
