import { generateIssuers, mulberry32, type GeneratedIssuer } from '../holdings-generator.js';
import type { ServiceProcess } from './service.js';

/** The 2,000 issuers of the benchmark holdings. */
export function benchIssuers(): GeneratedIssuer[] {
  return generateIssuers(2_000, 42);
}

/**
 * Portfolio BENCH ($40B admitted assets, 0.4% participation) with the holdings file `csv` as of
 * 2026-11-30, 50 deals of the generated issuers and three limits: a 2.5% single family limit, NAIC
 * 3-6 at 20% of book value, Technology at 15%.
 */
export async function loadWorkspace(service: ServiceProcess, csv: string): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const res = await service.api(path, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  await service.timedHoldingsUpload(csv, 'BENCH');
  const issuers = benchIssuers();
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
