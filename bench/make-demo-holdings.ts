/**
 * Writes config/demo/holdings.csv: the real big-tech issuers with lots shaped like their 2025 deals
 * (shared/data/issuance-history-2025.csv), then fictional issuers filling a ~$32B general account.
 * Usage: npm run build && node dist/bench/make-demo-holdings.js [out.csv]
 */
import { leiCheckDigits } from '../src/common/identifiers.js';
import { formatCents } from '../src/common/money.js';
import { bondLot, cusipOf, generateIssuers, usIsinOf, writeHoldingsCsv } from './holdings-generator.js';
import type { GeneratedIssuer, HoldingRow } from './holdings-generator.js';

const out = process.argv[2] ?? 'config/demo/holdings.csv';
const AS_OF_DATE = '2026-11-30';
const SEED = 20261130;
const TOTAL_ROWS = 3_000;

function realIssuer(name: string, lei: string, cusip6: string, sector: string, naic: string): GeneratedIssuer {
  return { name, lei, cusip6, sector, naic, ultimateParentLei: '', ultimateParentName: '' };
}

const META = realIssuer('Meta Platforms Inc', 'BQ4BKCS1HXDV9HN80Z93', '30303M', 'Communications', '1.D');
const ORACLE = realIssuer('Oracle Corp', '1Z4GXXU7ZHVWFCD8TV52', '68389X', 'Technology', '2.B');
// Fictional identifiers; no ultimate parent, as Meta does not consolidate it: an admin sets Meta as economic parent.
const BEIGNET_LEI_BODY = 'FICT00BEIGNETHYPE1';
const BEIGNET = realIssuer('Beignet Investor LLC', BEIGNET_LEI_BODY + leiCheckDigits(BEIGNET_LEI_BODY), '902BGN', 'Real Estate', '1.F');

/** Per issuer: [coupon %, maturity, price % of par, par of each lot in $1,000s]. */
type Tranche = [coupon: string, maturity: string, pricePct: number, lotsInThousands: number[]];
const BIG_TECH: [GeneratedIssuer, Tranche[]][] = [
  [
    META,
    [
      ['4.20', '2030-11-15', 99.618425, [75_000, 45_000]],
      ['4.60', '2032-11-15', 100.28431, [90_000]],
      ['4.875', '2035-11-15', 99.91275, [125_000, 60_000]],
      ['5.50', '2045-11-15', 98.47312, [105_000]],
      ['5.625', '2055-11-15', 97.22684, [95_000, 55_000]],
      ['5.75', '2065-11-15', 97.85129, [80_000]],
      ['3.85', '2032-08-15', 95.18463, [70_000]],
      ['4.45', '2052-08-15', 83.402175, [75_000]],
      ['5.60', '2053-05-15', 97.80154, [60_000, 40_000]],
    ],
  ],
  [
    ORACLE,
    [
      ['4.45', '2030-09-26', 98.12734, [80_000]],
      ['4.80', '2032-09-26', 96.904215, [70_000, 30_000]],
      ['5.20', '2035-09-26', 95.38276, [110_000, 50_000]],
      ['5.875', '2045-09-26', 93.817455, [85_000]],
      ['5.95', '2055-09-26', 92.64038, [100_000, 60_000]],
      ['6.10', '2065-09-26', 92.91563, [70_000]],
      ['2.875', '2031-03-25', 88.73126, [65_000]],
      ['3.60', '2050-04-01', 67.418905, [90_000]],
      ['3.95', '2051-03-25', 70.22641, [95_000, 62_000]],
    ],
  ],
  [
    realIssuer('Alphabet Inc', '5493006MHB84DD0ZWV18', '02079K', 'Communications', '1.B'),
    [
      ['3.875', '2028-11-15', 99.71284, [60_000]],
      ['4.10', '2030-11-15', 99.804615, [90_000, 40_000]],
      ['4.375', '2032-11-15', 100.12638, [55_000]],
      ['4.70', '2035-11-15', 100.318245, [120_000]],
      ['5.35', '2045-11-15', 99.21756, [70_000]],
      ['5.45', '2055-11-15', 98.63417, [85_000, 45_000]],
      ['1.10', '2030-08-15', 88.93642, [50_000]],
      ['2.25', '2060-08-15', 51.327815, [180_000]],
    ],
  ],
  [
    realIssuer('Amazon.com Inc', 'ZXTILKJKG63JELOEG630', '023135', 'Consumer', '1.C'),
    [
      ['3.90', '2028-11-20', 99.78653, [70_000]],
      ['4.10', '2030-11-20', 99.69312, [80_000]],
      ['4.35', '2033-03-20', 99.41587, [45_000]],
      ['4.65', '2035-12-01', 99.86241, [100_000, 40_000]],
      ['5.45', '2055-11-20', 98.91735, [85_000]],
      ['5.55', '2065-11-20', 98.47126, [60_000]],
      ['3.10', '2051-05-12', 64.73892, [120_000]],
      ['4.05', '2047-08-22', 82.346175, [115_000]],
    ],
  ],
  [
    realIssuer('Microsoft Corp', 'INR2EJN1ERAN0W5ZP974', '594918', 'Technology', '1.A'),
    [
      ['3.30', '2027-02-06', 99.874215, [40_000]],
      ['3.45', '2036-08-08', 91.78263, [75_000]],
      ['4.10', '2037-02-06', 96.41592, [60_000]],
      ['3.70', '2046-08-08', 81.23647, [90_000, 35_000]],
      ['2.921', '2052-03-17', 66.084315, [140_000]],
      ['3.041', '2062-03-17', 62.95318, [110_000]],
      ['2.675', '2060-06-01', 58.41726, [120_000]],
    ],
  ],
  [BEIGNET, [['6.581', '2049-05-31', 102.35648, [110_000, 85_000, 49_000]]]],
];

/** Issue numbers AA, AB, ... in tranche order (CUSIPs skip I and O). */
const ISSUE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

const bigTechRows: HoldingRow[] = BIG_TECH.flatMap(([issuer, tranches]) =>
  tranches.flatMap(([couponRate, maturityDate, pricePct, lots], k) => {
    const cusip = cusipOf(issuer.cusip6, `A${ISSUE_LETTERS[k]}`);
    const bond = { issuer, cusip, isin: usIsinOf(cusip), maturityDate, couponRate, pricePct };
    return lots.map((thousands) => bondLot(bond, thousands * 1_000, true));
  }),
);

function protection(issuer: GeneratedIssuer, notionalDollars: number, marketCents: number, maturityDate: string): HoldingRow {
  return {
    assetType: 'CDS_PROTECTION',
    issuer,
    cusip: '',
    isin: '',
    parCents: notionalDollars * 100,
    marketCents,
    bookCents: null,
    maturityDate,
    couponRate: '',
  };
}

const fixedRows = [
  ...bigTechRows,
  protection(ORACLE, 50_000_000, 118_436_250, '2031-12-20'),
  protection(META, 25_000_000, 0, '2030-12-20'),
];
const issuers = generateIssuers(294, SEED);
const { bytes, marketValueCents } = await writeHoldingsCsv(out, {
  rows: TOTAL_ROWS - fixedRows.length,
  issuers,
  seed: SEED,
  asOfDate: AS_OF_DATE,
  cdsRows: 3,
  fixedRows,
});

console.log(`${out}: ${TOTAL_ROWS} rows, ${issuers.length + BIG_TECH.length} issuers generated, ${bytes} bytes`);
console.log(`  market value ${formatCents(Number(marketValueCents))}`);
for (const [issuer] of BIG_TECH) {
  const lots = bigTechRows.filter((row) => row.issuer === issuer);
  console.log(`  ${issuer.name}: ${formatCents(lots.reduce((sum, row) => sum + row.marketCents, 0))} in ${lots.length} lots`);
}
