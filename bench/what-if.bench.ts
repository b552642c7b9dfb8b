/**
 * The pre-trade check over HTTP on the built service: 200 calls of POST /api/portfolios/BENCH/what-if
 * (a buy of one generated issuer and a sale of another, a different pair each call) on 1,000,000
 * holdings of 2,000 issuers, 50 deals and three limits. Prints p50 and p99 against the 200 ms target.
 * Usage: npm run bench:what-if
 */
import { join } from 'node:path';
import { benchHoldingsFile } from './holdings-generator.js';
import { ServiceProcess } from './support/service.js';
import { benchIssuers, loadWorkspace } from './support/workspace.js';

const ROWS = 1_000_000;
const CALLS = 200;
const WARM_UP = 5;
const TARGET_MS = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A buy of the i-th issuer and a sale of the one 1,000 after it, by CUSIP-6. */
function trades(i: number): object {
  const issuers = benchIssuers();
  const [bought, sold] = [issuers[i % issuers.length], issuers[(i + 1000) % issuers.length]];
  return {
    trades: [
      { issuer: bought.cusip6, side: 'BUY', marketValue: 25_000_000, maturityDate: '2031-06-15' },
      { issuer: sold.cusip6, side: 'SELL', marketValue: 10_000_000.5 },
    ],
  };
}

async function timedCall(service: ServiceProcess, body: object): Promise<number> {
  const started = performance.now();
  const res = await service.api('/api/portfolios/BENCH/what-if', { method: 'POST', body: JSON.stringify(body) });
  const text = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`what-if answered ${res.status}: ${text.slice(0, 500)}`);
  return ms;
}

async function main(): Promise<void> {
  const csv = await benchHoldingsFile(join(process.cwd(), 'bench', 'out'), ROWS);
  const service = await ServiceProcess.start({ output: 'inherit' });
  try {
    await loadWorkspace(service, csv);
    for (let i = 0; i < WARM_UP; i++) await timedCall(service, trades(i));
    const times: number[] = [];
    for (let i = 0; i < CALLS; i++) times.push(await timedCall(service, trades(i)));
    const sorted = [...times].sort((a, b) => a - b);
    const [p50, p99] = [percentile(sorted, 50), percentile(sorted, 99)];
    console.log(`${ROWS} holdings, 2,000 issuers, 50 deals, 3 limits; ${CALLS} calls after ${WARM_UP} to warm up, each a buy and a sale`);
    console.log(`p50 ${p50.toFixed(1)} ms (${(p50 / TARGET_MS).toFixed(2)}x the ${TARGET_MS} ms target)`);
    console.log(`p99 ${p99.toFixed(1)} ms (${(p99 / TARGET_MS).toFixed(2)}x the ${TARGET_MS} ms target)`);
    console.log(`min ${sorted[0].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`);
  } finally {
    await service.stop();
  }
}

await main();
