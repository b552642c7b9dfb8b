import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { isIsoDate } from '../src/common/dates.js';
import { cusipFromIsin, isValidCusip, isValidLei } from '../src/common/identifiers.js';
import { parseMoney } from '../src/common/money.js';
import { generateIssuers, HOLDINGS_HEADER, writeHoldingsCsv } from './holdings-generator.js';

const AS_OF_DATE = '2026-11-30';
const dir = mkdtempSync(join(tmpdir(), 'holdings-generator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function generate(name: string) {
  const path = join(dir, name);
  const issuers = generateIssuers(40, 7);
  const totals = await writeHoldingsCsv(path, { rows: 2_000, issuers, seed: 11, asOfDate: AS_OF_DATE, cdsRows: 20 });
  const text = readFileSync(path, 'utf8');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  return { path, text, rows, totals };
}

describe('holdings generator', () => {
  it('writes byte-identical files for the same seed', async () => {
    const first = await generate('first.csv');
    const second = await generate('second.csv');
    expect(readFileSync(second.path).equals(readFileSync(first.path))).toBe(true);
    expect(first.totals.bytes).toBe(Buffer.byteLength(first.text));
  });

  it('writes the header and the requested rows, the last ones CDS protection', async () => {
    const { text, rows } = await generate('rows.csv');
    expect(text.slice(0, text.indexOf('\n'))).toBe(HOLDINGS_HEADER);
    expect(rows).toHaveLength(2_000);
    expect(rows.filter((row) => row.asset_type === 'CDS_PROTECTION')).toEqual(rows.slice(-20));
  });

  it('writes only identifiers whose check digits validate', async () => {
    const { rows } = await generate('identifiers.csv');
    for (const row of rows) {
      if (row.asset_type === 'BOND') expect(isValidCusip(row.cusip)).toBe(true);
      else expect(row.cusip).toBe('');
      if (row.isin) expect(cusipFromIsin(row.isin)).toBe(row.cusip);
      for (const lei of [row.issuer_lei, row.ultimate_parent_lei].filter(Boolean)) expect(isValidLei(lei)).toBe(true);
    }
    expect(rows.some((row) => row.ultimate_parent_lei)).toBe(true);
  });

  it('names a top issuer with an LEI as its own ultimate parent, as vendor files do', async () => {
    const { rows } = await generate('self-parents.csv');
    const own = rows.filter((row) => row.issuer_lei && row.ultimate_parent_lei === row.issuer_lei);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((row) => row.ultimate_parent_name === row.issuer_name)).toBe(true);
    expect(rows.some((row) => row.ultimate_parent_lei && row.ultimate_parent_lei !== row.issuer_lei)).toBe(true);
  });

  it('writes only maturities after the as-of date', async () => {
    const { rows } = await generate('maturities.csv');
    for (const { maturity_date } of rows) {
      expect(isIsoDate(maturity_date)).toBe(true);
      expect(maturity_date > AS_OF_DATE).toBe(true);
    }
  });

  it('returns the sum of the market values it wrote', async () => {
    const { rows, totals } = await generate('totals.csv');
    const sum = rows.reduce((total, row) => total + BigInt(parseMoney(row.market_value)), 0n);
    expect(totals.marketValueCents).toBe(sum);
  });
});
