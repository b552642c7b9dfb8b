/**
 * Deterministic holdings files for benchmarks and the demo: fictional issuers with valid identifiers,
 * streamed to disk a few thousand lines at a time, so a million rows take no more memory than a chunk.
 */
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { monthEnd, parseIsoDate } from '../src/common/dates.js';
import { cusipCheckDigit, isinCheckDigit, leiCheckDigits } from '../src/common/identifiers.js';
import { formatCents } from '../src/common/money.js';
import type { AssetType } from '../src/holdings/holding.entity.js';

export const HOLDINGS_HEADER =
  'cusip,isin,issuer_name,issuer_lei,ultimate_parent_lei,ultimate_parent_name,par_value,market_value,' +
  'book_value,currency,maturity_date,coupon_rate,naic_designation,sector,asset_type';

export interface GeneratedIssuer {
  name: string;
  /** '' for the few issuers without an LEI: their rows resolve by CUSIP-6. */
  lei: string;
  cusip6: string;
  sector: string;
  naic: string;
  /** Both '' unless the issuer is a subsidiary. */
  ultimateParentLei: string;
  ultimateParentName: string;
}

/** A security; pricePct is its market price in percent of par. */
export interface Bond {
  issuer: GeneratedIssuer;
  cusip: string;
  isin: string;
  maturityDate: string;
  couponRate: string;
  pricePct: number;
}

export interface HoldingRow {
  assetType: AssetType;
  issuer: GeneratedIssuer;
  cusip: string;
  isin: string;
  parCents: number;
  marketCents: number;
  bookCents: number | null;
  maturityDate: string;
  couponRate: string;
}

export interface HoldingsFileOptions {
  /** Generated data rows, the last `cdsRows` of them CDS protection. */
  rows: number;
  issuers: readonly GeneratedIssuer[];
  seed: number;
  asOfDate: string;
  cdsRows?: number;
  /** Written before the generated rows, e.g. the demo's real issuers. */
  fixedRows?: readonly HoldingRow[];
  /** The currency of a row, the n-th written (0-based); USD for every row when absent. */
  currencyOf?: (row: HoldingRow, n: number) => string;
}

type Random = () => number;

/** Small, fast, seedable PRNG (Tommy Ettinger's mulberry32): floats in [0, 1). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function cusipOf(cusip6: string, issueNumber: string): string {
  return cusip6 + issueNumber + cusipCheckDigit(cusip6 + issueNumber);
}

export function usIsinOf(cusip: string): string {
  return `US${cusip}${isinCheckDigit(`US${cusip}`)}`;
}

/** One lot of a bond; its book value (amortized cost) sits halfway between par and today's price. */
export function bondLot(bond: Bond, parDollars: number, withBook: boolean): HoldingRow {
  const { issuer, cusip, isin, maturityDate, couponRate, pricePct } = bond;
  return {
    assetType: 'BOND',
    issuer,
    cusip,
    isin,
    parCents: parDollars * 100,
    marketCents: Math.round(parDollars * pricePct),
    bookCents: withBook ? Math.round((parDollars * (100 + pricePct)) / 2) : null,
    maturityDate,
    couponRate,
  };
}

const DIGITS = '0123456789';
/** Letters without I and O, which CUSIPs avoid. */
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const ISSUE_CHARS = DIGITS + LETTERS;
const ALNUM = DIGITS + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Marks every generated LEI as fictional; real LEIs start with a registered LOU's prefix. */
const LEI_PREFIX = 'FICT00';

const NAME_WORDS = [
  'Northwind',
  'Bluewater',
  'Cedar',
  'Summit',
  'Granite',
  'Harbor',
  'Prairie',
  'Ironwood',
  'Silverlake',
  'Redwood',
  'Meridian',
  'Lakeshore',
  'Keystone',
  'Pinecrest',
  'Stonebridge',
  'Clearwater',
  'Highland',
  'Riverbend',
  'Oakmont',
  'Eastgate',
  'Westfield',
  'Sunridge',
  'Bayview',
  'Copperfield',
  'Fairhaven',
  'Glenmore',
  'Larkspur',
  'Maplewood',
  'Northstar',
  'Pacifica',
  'Ridgeline',
  'Sandpiper',
  'Tidewater',
  'Valleyview',
  'Whitestone',
  'Alder',
  'Brightwater',
  'Crescent',
  'Driftwood',
  'Evergreen',
];
const QUALIFIERS = [
  '',
  '',
  '',
  'Atlantic',
  'Pacific',
  'Continental',
  'Southern',
  'Northern',
  'Western',
  'Central',
  'Midland',
  'Gulf',
  'Great Lakes',
  'National',
  'American',
  'United',
];
const SECTOR_NOUNS: Record<string, readonly string[]> = {
  Technology: ['Systems', 'Software', 'Semiconductor', 'Networks', 'Data'],
  Utilities: ['Utilities', 'Power', 'Electric', 'Gas & Electric', 'Water'],
  Financials: ['Bancorp', 'Financial', 'Insurance', 'Capital Partners'],
  Energy: ['Energy', 'Petroleum', 'Midstream', 'Pipeline'],
  'Health Care': ['Health', 'Pharmaceuticals', 'Medical', 'Hospital Group'],
  Consumer: ['Foods', 'Brands', 'Retail', 'Beverage'],
  Industrials: ['Industries', 'Aerospace', 'Rail', 'Machinery'],
  Communications: ['Communications', 'Media', 'Telecom', 'Broadcasting'],
  'Real Estate': ['Realty', 'Properties', 'Land', 'Office Trust'],
};
const SECTORS = Object.keys(SECTOR_NOUNS);
const SUBSIDIARY_NOUNS = ['Funding', 'Finance', 'Capital', 'Operating', 'Properties'];
const LEGAL_FORMS = ['Corp', 'Inc', 'Co', 'Holdings Inc', 'Group Inc'];
const SUBSIDIARY_LEGAL_FORMS = ['LLC', 'LP', 'Co'];
const INVESTMENT_GRADE = [
  '1.A',
  '1.B',
  '1.C',
  '1.D',
  '1.E',
  '1.E',
  '1.F',
  '1.F',
  '1.G',
  '1.G',
  '1',
  '2.A',
  '2.A',
  '2.A',
  '2.B',
  '2.B',
  '2.B',
  '2.C',
  '2.C',
  '2',
];
const HIGH_YIELD = ['3', '3.A', '3.B', '3.C', '4.A', '4.B', '5.B', '6'];
const HIGH_YIELD_SHARE = 0.06;
/** Credit spread in percent by NAIC designation (its first digit). */
const NAIC_SPREAD: Record<string, number> = { 1: 0.7, 2: 1.3, 3: 2.8, 4: 4.2, 5: 7, 6: 12 };
const SUBSIDIARY_SHARE = 0.15;
const NO_LEI_SHARE = 0.05;
const MAX_ISSUERS = 10_000;
const LINES_PER_CHUNK = 2_000;

const pick = <T>(rand: Random, items: ArrayLike<T>): T => items[Math.floor(rand() * items.length)];
const between = (rand: Random, min: number, max: number): number => min + rand() * (max - min);
const randomChars = (rand: Random, alphabet: string, length: number): string => Array.from({ length }, () => pick(rand, alphabet)).join('');

/**
 * Fictional issuers with distinct names, CUSIP-6s (3 digits + 3 letters, so never one of the real all-digit
 * or one-letter codes) and LEIs; about 15% are subsidiaries of an earlier issuer, named after it.
 */
export function generateIssuers(count: number, seed: number): GeneratedIssuer[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_ISSUERS) {
    throw new RangeError(`count must be an integer from 1 to ${MAX_ISSUERS}: ${count}`);
  }
  const rand = mulberry32(seed);
  const issuers: GeneratedIssuer[] = [];
  const stems: string[] = [];
  const topLevel: number[] = [];
  const taken = new Set<string>();
  while (issuers.length < count) {
    const parentIndex = topLevel.length >= 10 && rand() < SUBSIDIARY_SHARE ? pick(rand, topLevel) : -1;
    const parent: GeneratedIssuer | undefined = issuers[parentIndex];
    const stem = parent ? stems[parentIndex] : `${pick(rand, NAME_WORDS)} ${pick(rand, QUALIFIERS)}`.trim();
    const sector = parent?.sector ?? pick(rand, SECTORS);
    const nameKey = `${stem} ${pick(rand, parent ? SUBSIDIARY_NOUNS : SECTOR_NOUNS[sector])}`;
    const cusip6 = randomChars(rand, DIGITS, 3) + randomChars(rand, LETTERS, 3);
    const leiBody = LEI_PREFIX + randomChars(rand, ALNUM, 12);
    const lei = rand() < NO_LEI_SHARE ? '' : leiBody + leiCheckDigits(leiBody);
    if (taken.has(nameKey) || taken.has(cusip6) || taken.has(lei)) continue;
    [nameKey, cusip6, lei].filter(Boolean).forEach((key) => taken.add(key));
    if (!parent) topLevel.push(issuers.length);
    stems.push(stem);
    const name = `${nameKey} ${pick(rand, parent ? SUBSIDIARY_LEGAL_FORMS : LEGAL_FORMS)}`;
    // As in vendor files, a top issuer with an LEI names itself as its ultimate parent.
    const top = parent ?? (lei ? { lei, name } : { lei: '', name: '' });
    issuers.push({
      name,
      lei,
      cusip6,
      sector,
      naic: parent?.naic ?? pick(rand, rand() < HIGH_YIELD_SHARE ? HIGH_YIELD : INVESTMENT_GRADE),
      ultimateParentLei: top.lei,
      ultimateParentName: top.name,
    });
  }
  return issuers;
}

/** 2 to 14 bonds maturing 1 to 39 years after the as-of year, priced off a simple yield curve plus spread. */
function randomBonds(rand: Random, issuer: GeneratedIssuer, asOfYear: number): Bond[] {
  const count = 2 + Math.floor(rand() * 13);
  const firstIssue = Math.floor(rand() * (ISSUE_CHARS.length ** 2 - count));
  return Array.from({ length: count }, (_, k) => {
    const issue = firstIssue + k;
    const cusip = cusipOf(issuer.cusip6, ISSUE_CHARS[Math.floor(issue / ISSUE_CHARS.length)] + ISSUE_CHARS[issue % ISSUE_CHARS.length]);
    const years = 1 + Math.floor(rand() * 39);
    const end = monthEnd(asOfYear + years, 1 + Math.floor(rand() * 12));
    const maturityDate = rand() < 0.5 ? end : end.slice(0, 8) + pick(rand, ['01', '15']);
    const yieldPct = 4 + 1.2 * (1 - Math.exp(-years / 10)) + NAIC_SPREAD[issuer.naic[0]];
    const coupon = Math.max(0.5, Math.round((yieldPct + between(rand, -2.5, 1)) * 8) / 8);
    const annuity = (1 - (1 + yieldPct / 100) ** -years) / (yieldPct / 100);
    const pricePct = Math.min(130, Math.max(40, 100 + (coupon - yieldPct) * annuity));
    return {
      issuer,
      cusip,
      isin: rand() < 0.85 ? usIsinOf(cusip) : '',
      maturityDate,
      couponRate: String(coupon),
      pricePct: Math.round(pricePct * 1e6) / 1e6,
    };
  });
}

/** Par log-uniform from $1M to $40M, in whole $1M (40% of lots) or whole $1,000. */
function randomLot(rand: Random, bond: Bond): HoldingRow {
  const unit = rand() < 0.4 ? 1_000_000 : 1_000;
  const par = Math.max(unit, Math.round(Math.exp(between(rand, Math.log(1e6), Math.log(4e7))) / unit) * unit);
  return bondLot(bond, par, rand() >= 0.1);
}

/** Protection of $5M-$50M notional to a standard CDS date, worth nothing or up to 1.5% of notional. */
function randomCds(rand: Random, issuers: readonly GeneratedIssuer[], asOfYear: number): HoldingRow {
  const notional = (5 + Math.floor(rand() * 46)) * 1_000_000;
  return {
    assetType: 'CDS_PROTECTION',
    issuer: pick(rand, issuers),
    cusip: '',
    isin: '',
    parCents: notional * 100,
    marketCents: rand() < 0.5 ? 0 : Math.round(notional * between(rand, 0, 1.5)),
    bookCents: null,
    maturityDate: `${asOfYear + 1 + Math.floor(rand() * 10)}-${pick(rand, ['03', '06', '09', '12'])}-20`,
    couponRate: '',
  };
}

function* holdingRows(options: HoldingsFileOptions): Generator<HoldingRow> {
  const { rows, issuers, seed, asOfDate, cdsRows = 0, fixedRows = [] } = options;
  const asOfYear = Number(asOfDate.slice(0, 4));
  const rand = mulberry32(seed);
  const bonds = issuers.flatMap((issuer) => randomBonds(rand, issuer, asOfYear));
  yield* fixedRows;
  for (let i = cdsRows; i < rows; i++) yield randomLot(rand, pick(rand, bonds));
  for (let i = 0; i < cdsRows; i++) yield randomCds(rand, issuers, asOfYear);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function formatHoldingRow(row: HoldingRow, currency: string): string {
  const { issuer } = row;
  return [
    row.cusip,
    row.isin,
    csvField(issuer.name),
    issuer.lei,
    issuer.ultimateParentLei,
    csvField(issuer.ultimateParentName),
    formatCents(row.parCents),
    formatCents(row.marketCents),
    row.bookCents === null ? '' : formatCents(row.bookCents),
    currency,
    row.maturityDate,
    row.couponRate,
    issuer.naic,
    csvField(issuer.sector),
    row.assetType,
  ].join(',');
}

function* csvChunks(
  rows: Iterable<HoldingRow>,
  totals: { marketValueCents: bigint },
  currencyOf: (row: HoldingRow, n: number) => string = () => 'USD',
): Generator<string> {
  let lines = [HOLDINGS_HEADER];
  let n = 0;
  for (const row of rows) {
    totals.marketValueCents += BigInt(row.marketCents);
    lines.push(formatHoldingRow(row, currencyOf(row, n++)));
    if (lines.length === LINES_PER_CHUNK) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

export async function writeHoldingsCsv(path: string, options: HoldingsFileOptions): Promise<{ bytes: number; marketValueCents: bigint }> {
  const { rows, issuers, asOfDate, cdsRows = 0 } = options;
  parseIsoDate(asOfDate);
  if (!Number.isInteger(rows) || !Number.isInteger(cdsRows) || cdsRows < 0 || cdsRows > rows || issuers.length === 0) {
    throw new RangeError('need integer rows >= cdsRows >= 0 and at least one issuer');
  }
  const totals = { marketValueCents: 0n };
  // pipeline() waits for the file stream to drain before pulling the next chunk.
  await pipeline(Readable.from(csvChunks(holdingRows(options), totals, options.currencyOf)), createWriteStream(path));
  return { bytes: (await stat(path)).size, marketValueCents: totals.marketValueCents };
}

/**
 * A third of the securities in EUR or GBP (a sixth each), the others in USD, as a security is issued
 * in one currency: all the lots of a CUSIP share it. A CDS row (no CUSIP) takes its turn by its place.
 */
export function thirdForeign(row: HoldingRow, n: number): string {
  let hash = n;
  if (row.cusip) {
    hash = 0;
    for (let i = 0; i < row.cusip.length; i++) hash = (hash * 31 + row.cusip.charCodeAt(i)) >>> 0;
  }
  return hash % 3 !== 0 ? 'USD' : hash % 2 === 0 ? 'EUR' : 'GBP';
}

/**
 * The benchmarks' holdings file of `rows` rows (2,000 issuers, seed 42) in `dir`, written once and
 * kept: all USD, or (`foreign`) the same rows with a third of them in EUR or GBP.
 */
export async function benchHoldingsFile(dir: string, rows: number, foreign = false): Promise<string> {
  const path = join(dir, foreign ? `holdings-${rows}-third-foreign.csv` : `holdings-${rows}.csv`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    await writeHoldingsCsv(path, {
      rows,
      issuers: generateIssuers(2_000, 42),
      seed: 42,
      asOfDate: '2026-11-30',
      cdsRows: Math.floor(rows / 1_000),
      ...(foreign && { currencyOf: thirdForeign }),
    });
  }
  return path;
}

/** The ECB's reference rates of the benchmarks' as-of date, in its daily file's layout, for the files with foreign rows. */
export function benchRatesFile(dir: string): string {
  const path = join(dir, 'eurofxref-2026-11-30.csv');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, 'Date, USD, JPY, GBP, CHF, \n30 November 2026, 1.1581, 181.15, 0.87650, 0.93150, \n');
  return path;
}
