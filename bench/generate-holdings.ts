/** Usage: node dist/bench/generate-holdings.js <out.csv> <rows> [seed] */
import { generateIssuers, writeHoldingsCsv } from './holdings-generator.js';

const [out, rowsArg, seedArg = '1'] = process.argv.slice(2);
const rows = Number(rowsArg);
const seed = Number(seedArg);
if (!out || !Number.isInteger(rows) || rows < 1 || !Number.isInteger(seed)) {
  console.error('usage: node dist/bench/generate-holdings.js <out.csv> <rows> [seed]');
  process.exit(2);
}

// About 200 rows per issuer, as in a large general account; one in a thousand rows is CDS protection.
const issuers = generateIssuers(Math.min(5_000, Math.max(10, Math.round(rows / 200))), seed);
const started = performance.now();
const { bytes } = await writeHoldingsCsv(out, {
  rows,
  issuers,
  seed,
  asOfDate: '2026-11-30',
  cdsRows: Math.floor(rows / 1_000),
});
const seconds = (performance.now() - started) / 1_000;
console.log(`${out}: ${rows} rows, ${bytes} bytes, ${issuers.length} issuers, ${seconds.toFixed(2)} s`);
