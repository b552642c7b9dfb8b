/**
 * Uploads through an import profile against the plain upload of the same holdings (issue 11: within
 * 10%). Three files of the same rows, each uploaded `rounds` times into fresh portfolios, in turn:
 * - plain: the ingest benchmark's file, in our own layout;
 * - renamed: the same lines under the fund's header names, below a preamble, read through a profile
 *   with the default formats: what reading through a profile costs;
 * - fund: the rows as a fund exports them ("MMM DD, YYYY" dates, quoted thousands, "-" for empty),
 *   through a profile with those formats: that cost and the heavier notation's.
 * Usage: npm run bench:profile -- [rows] [rounds]
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Papa from 'papaparse';
import { groupedAmount } from '../src/common/money.js';
import { benchHoldingsFile } from './holdings-generator.js';
import { ServiceProcess } from './support/service.js';

const OUT = join(process.cwd(), 'bench', 'out');
const ROWS = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Our column -> the fund's header, in the plain file's column order. */
const COLUMNS = {
  cusip: 'CUSIP',
  isin: 'ISIN',
  issuer_name: 'Name',
  issuer_lei: 'Issuer LEI',
  ultimate_parent_lei: 'Parent LEI',
  ultimate_parent_name: 'Parent Name',
  par_value: 'Par Value',
  market_value: 'Market Value',
  book_value: 'Book Value',
  currency: 'Currency',
  maturity_date: 'Maturity',
  coupon_rate: 'Coupon (%)',
  naic_designation: 'NAIC',
  sector: 'Sector',
  asset_type: 'Type',
};
const PROFILES = {
  renamed: { name: 'bench-renamed', columns: COLUMNS },
  fund: { name: 'bench-fund', columns: COLUMNS, dateFormat: 'MMM DD, YYYY', emptyValues: ['-'] },
};
const AMOUNTS = new Set([6, 7, 8]);
const DATES = new Set([10]);
const PREAMBLE = 'Fund Holdings as of,"Nov 30, 2026"\nShares Outstanding,"42,300,000.00"\n\n';

const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;

function fundCell(cell: string, i: number): string {
  if (cell === '') return '-';
  if (AMOUNTS.has(i)) return quoted(groupedAmount(Math.round(Number(cell) * 100)));
  if (DATES.has(i)) return quoted(`${MONTHS[Number(cell.slice(5, 7)) - 1]} ${cell.slice(8)}, ${cell.slice(0, 4)}`);
  return /[",]/.test(cell) ? quoted(cell) : cell;
}

/** The plain file's rows under the fund's header, as they are ('renamed') or as the fund writes them. */
async function profileFile(plain: string, rows: number, style: keyof typeof PROFILES): Promise<string> {
  const path = join(OUT, `holdings-${rows}-${style}.csv`);
  if (existsSync(path)) return path;
  const out = createWriteStream(path);
  out.write(`${PREAMBLE}${Object.values(COLUMNS).map(quoted).join(',')}\n`);
  let header = true;
  for await (const line of createInterface({ input: createReadStream(plain) })) {
    if (header) {
      header = false;
      continue;
    }
    const text = style === 'renamed' ? line : Papa.parse<string[]>(line).data[0].map(fundCell).join(',');
    if (!out.write(`${text}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return path;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (xs: number[]) => xs.map((t) => t.toFixed(2)).join(' ');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const files = {
    plain: await benchHoldingsFile(OUT, ROWS),
    renamed: '',
    fund: '',
  };
  files.renamed = await profileFile(files.plain, ROWS, 'renamed');
  files.fund = await profileFile(files.plain, ROWS, 'fund');
  const service = await ServiceProcess.start();
  try {
    for (const profile of Object.values(PROFILES)) {
      const created = await service.api('/api/import-profiles', { method: 'POST', body: JSON.stringify(profile) });
      if (created.status !== 201) throw new Error(`profile answered ${created.status}: ${await created.text()}`);
    }
    const times = { plain: [] as number[], renamed: [] as number[], fund: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      times.plain.push(await service.timedHoldingsUpload(files.plain, `PLAIN-${round}`));
      times.renamed.push(await service.timedHoldingsUpload(files.renamed, `RENAMED-${round}`, { profile: PROFILES.renamed.name }));
      times.fund.push(await service.timedHoldingsUpload(files.fund, `FUND-${round}`, { profile: PROFILES.fund.name }));
    }
    const plain = median(times.plain);
    console.log(`${ROWS} rows, ${ROUNDS} rounds; file, MB, median s, ratio to plain, each round's seconds`);
    for (const style of ['plain', 'renamed', 'fund'] as const) {
      const mb = (statSync(files[style]).size / 1e6).toFixed(0);
      const m = median(times[style]);
      console.log(`${style.padEnd(8)} ${mb.padStart(4)}  ${m.toFixed(2).padStart(6)}  ${(m / plain).toFixed(3)}  ${seconds(times[style])}`);
    }
    console.log(`service peak RSS ${service.peakRssMb().toFixed(0)} MB`);
  } finally {
    await service.stop();
  }
}

await main();
