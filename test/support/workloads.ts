import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIssuers, writeHoldingsCsv } from '../../bench/holdings-generator.js';

export const PORTFOLIO = {
  code: 'LIFE-GA',
  name: 'General Account',
  baseCurrency: 'USD',
  admittedAssets: 40e9,
  capitalAndSurplus: 3.2e9,
  participationRate: 0.004,
};

/** A limit every family of the workload is over: one CURRENT and three PROJECTED breaches per family. */
export const TINY_FAMILY_LIMIT = {
  name: 'Tiny single family',
  portfolio: null,
  scope: { type: 'EACH_ISSUER_FAMILY' },
  measure: 'MARKET_VALUE',
  basis: 'PCT_ADMITTED_ASSETS',
  limitPct: 0.00001,
};

/**
 * A holdings file of `issuers` generated issuers (some of them subsidiaries, so fewer families) in
 * `rows` rows, as of 2026-11-30: with TINY_FAMILY_LIMIT, a run over the three built-in scenarios
 * finds four conditions per family.
 */
export async function manyFamiliesCsv(issuers: number, rows: number): Promise<string> {
  const file = join(tmpdir(), `iem-families-${issuers}-${rows}-${process.pid}.csv`);
  await writeHoldingsCsv(file, { rows, issuers: generateIssuers(issuers, 42), seed: 42, asOfDate: '2026-11-30' });
  return file;
}
