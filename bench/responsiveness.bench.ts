/**
 * Reads while a 1,000,000-row holdings file is uploaded to the built service on SQLite: 50
 * concurrent clients asking /health and a small API read, against the same reads on the idle
 * service (the reference). Target: the service keeps answering (p99 within a few hundred ms).
 * Usage: npm run bench:responsiveness [-- rows]
 */
import { openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { benchHoldingsFile } from './holdings-generator.js';
import { ServiceProcess } from './support/service.js';

const OUT = join(process.cwd(), 'bench', 'out');
const ROWS = Number(process.argv[2] ?? 1_000_000);
const CLIENTS = 50;
/** Each client waits this long between reads: about 200 reads a second in all. */
const THINK_MS = 250;
const PATHS = ['/health', '/api/portfolios'];

async function readsUntil(service: ServiceProcess, done: Promise<unknown>): Promise<number[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = client; !finished; n++) {
        const started = performance.now();
        await (await service.api(PATHS[n % PATHS.length])).arrayBuffer();
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, THINK_MS));
      }
    }),
  );
  return latencies;
}

function summary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(0);
  return `${String(sorted.length).padStart(7)} reads  p50 ${at(0.5).padStart(5)} ms  p99 ${at(0.99).padStart(5)} ms  max ${sorted[sorted.length - 1].toFixed(0).padStart(5)} ms`;
}

async function main(): Promise<void> {
  const csv = await benchHoldingsFile(OUT, ROWS);
  const service = await ServiceProcess.start();
  try {
    await service.api('/api/portfolios', {
      method: 'POST',
      body: JSON.stringify({
        code: 'BENCH',
        name: 'Bench',
        baseCurrency: 'USD',
        admittedAssets: 40e9,
        capitalAndSurplus: 3.2e9,
        participationRate: 0.004,
      }),
    });
    await readsUntil(service, new Promise((resolve) => setTimeout(resolve, 3_000))); // warm-up, not counted
    const idle = await readsUntil(service, new Promise((resolve) => setTimeout(resolve, 10_000)));
    const form = new FormData();
    form.set('asOfDate', '2026-11-30');
    form.set('file', await openAsBlob(csv), 'holdings.csv');
    const started = performance.now();
    const upload = service.api('/api/portfolios/BENCH/holdings', { method: 'POST', body: form }).then(async (res) => {
      if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      return (performance.now() - started) / 1000;
    });
    const busy = await readsUntil(service, upload);
    console.log(`${CLIENTS} clients reading ${PATHS.join(' and ')}`);
    console.log(`idle service (reference)     ${summary(idle)}`);
    console.log(
      `during a ${ROWS}-row upload  ${summary(busy)}   (upload ${(await upload).toFixed(1)} s, peak RSS ${service.peakRssMb().toFixed(0)} MB)`,
    );
  } finally {
    await service.stop();
  }
}

await main();
