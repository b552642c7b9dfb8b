import { UploadRejected } from '../common/errors.js';
import type { Value } from '../database/bulk-insert.js';
import { DurationTable, dollarDurationCents } from '../risk/duration.js';
import type { HoldingGroup } from '../risk/positions.js';
import { HOLDING_TABLE_COLUMNS } from './holdings-reader.js';

/**
 * A bucket being summed, with its bonds' market value by maturity date (as the number YYYYMMDD)
 * for their dollar duration at the end.
 */
interface OpenBucket {
  group: Omit<HoldingGroup, 'dollarDurationCents'>;
  marketByDate: Map<number, number>;
}

const WIDTH = HOLDING_TABLE_COLUMNS.length;
const at = (column: (typeof HOLDING_TABLE_COLUMNS)[number]) => HOLDING_TABLE_COLUMNS.indexOf(column);
const [ROW_NO, ISSUER, ASSET_TYPE, PAR, MARKET, BOOK, MATURITY, COUPON, NAIC, SECTOR] = (
  [
    'row_no',
    'issuer_id',
    'asset_type',
    'par_cents',
    'market_cents',
    'book_cents',
    'maturity_date',
    'coupon_rate',
    'naic_designation',
    'sector',
  ] as const
).map(at);

/**
 * Sums rows into projection buckets as they are written, in exact integer cents. An issuer's
 * buckets are found by a number made of their asset type, month, coupon and NAIC, then by sector:
 * a key string per row would cost a million strings built and hashed.
 */
export class SnapshotBuckets {
  private readonly byIssuer = new Map<number, Map<number, OpenBucket[]>>();

  /** Whole rows in HOLDING_TABLE_COLUMNS order, their issuers resolved. */
  addRows(values: Value[]): void {
    for (let i = 0; i < values.length; i += WIDTH) {
      const assetType = values[i + ASSET_TYPE] as HoldingGroup['assetType'];
      const maturityDate = values[i + MATURITY] as string | null;
      const couponRate = values[i + COUPON] as number | null;
      const naicDesignation = values[i + NAIC] as string | null;
      const naic = naicDesignation ? naicDesignation.charCodeAt(0) - 48 : null;
      const date = maturityDate ? dateNumber(maturityDate) : 0;
      // Month, coupon (at most 6 decimals, at most 100), NAIC and asset type fit in 2^53.
      const coupon = couponRate === null ? 0 : Math.round(couponRate * 1e6) + 1;
      const key = ((Math.floor(date / 100) * 2 ** 28 + coupon) * 8 + (naic ?? 7)) * 2 + (assetType === 'BOND' ? 0 : 1);
      const sector = values[i + SECTOR] as string | null;
      const bucket = this.bucket(values[i + ISSUER] as number, key, sector, () => ({
        assetType,
        maturityMonth: maturityDate?.slice(0, 7) ?? null,
        couponRate,
        naic,
        sector,
      }));
      const { group } = bucket;
      const marketCents = values[i + MARKET] as number;
      group.parCents += values[i + PAR] as number;
      group.marketCents += marketCents;
      group.bookCents += values[i + BOOK] as number;
      if (assetType === 'BOND' && date) bucket.marketByDate.set(date, (bucket.marketByDate.get(date) ?? 0) + marketCents);
      if (!Number.isSafeInteger(group.parCents + group.marketCents + group.bookCents)) {
        throw new UploadRejected('The amounts are too large to add up exactly', [
          {
            row: values[i + ROW_NO] as number,
            column: 'par_value',
            message: 'the holdings of this security add up to more than 90 trillion dollars',
          },
        ]);
      }
    }
  }

  /** Each bucket with its dollar duration: every bond's modified duration to its own maturity date x its market value. */
  *all(asOfDate: string): IterableIterator<HoldingGroup> {
    const durations = new DurationTable(asOfDate);
    for (const buckets of this.byIssuer.values()) {
      for (const sectors of buckets.values()) {
        for (const { group, marketByDate } of sectors) {
          const byDate = new Map([...marketByDate].map(([date, market]) => [dateText(date), market]));
          yield { ...group, dollarDurationCents: dollarDurationCents(group.couponRate, byDate, durations) };
        }
      }
    }
  }

  private bucket(
    issuerId: number,
    key: number,
    sector: string | null,
    kind: () => Omit<HoldingGroup, 'issuerId' | `${string}Cents`>,
  ): OpenBucket {
    let buckets = this.byIssuer.get(issuerId);
    if (!buckets) this.byIssuer.set(issuerId, (buckets = new Map()));
    let sectors = buckets.get(key);
    if (!sectors) buckets.set(key, (sectors = []));
    for (const bucket of sectors) if (bucket.group.sector === sector) return bucket;
    const bucket = { group: { issuerId, ...kind(), parCents: 0, marketCents: 0, bookCents: 0 }, marketByDate: new Map() };
    sectors.push(bucket);
    return bucket;
  }
}

/** YYYY-MM-DD (checked already) as the number YYYYMMDD. */
function dateNumber(date: string): number {
  let n = 0;
  for (let i = 0; i < 10; i++) if (i !== 4 && i !== 7) n = n * 10 + date.charCodeAt(i) - 48;
  return n;
}

function dateText(date: number): string {
  const text = String(date);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}`;
}
