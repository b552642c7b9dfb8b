import { UploadRejected } from '../common/errors.js';
import type { Value } from '../database/bulk-insert.js';
import { DurationTable, dollarDurationCents } from '../risk/duration.js';
import type { HoldingGroup } from '../risk/positions.js';
import { HOLDING_TABLE_COLUMNS } from './holding-batch.js';

/**
 * A bucket being summed, with its bonds' market value by maturity date (dates as numbers YYYYMMDD,
 * in parallel arrays: a bucket has a few dates), and the next bucket of the same key in another sector.
 */
interface OpenBucket {
  group: Omit<HoldingGroup, 'dollarDurationCents'>;
  dates: number[];
  marketByDate: number[];
  next: OpenBucket | undefined;
}

const WIDTH = HOLDING_TABLE_COLUMNS.length;
const at = (column: (typeof HOLDING_TABLE_COLUMNS)[number]) => HOLDING_TABLE_COLUMNS.indexOf(column);
const [ROW_NO, ISSUER, ASSET_TYPE, PAR, MARKET, BOOK, CURRENCY, MATURITY, COUPON, NAIC, SECTOR] = (
  [
    'row_no',
    'issuer_id',
    'asset_type',
    'par_cents',
    'market_cents',
    'book_cents',
    'currency',
    'maturity_date',
    'coupon_rate',
    'naic_designation',
    'sector',
  ] as const
).map(at);

/**
 * Sums rows into projection buckets as they are written, in exact integer cents of the base
 * currency. An issuer's buckets are found by a number made of their asset type, month, coupon and
 * NAIC, then by sector and currency (kept apart, so that a scenario can shock one currency): a key
 * string per row would cost a million strings built and hashed.
 */
export class SnapshotBuckets {
  private readonly byIssuer = new Map<number, Map<number, OpenBucket>>();

  /** Whole rows in HOLDING_TABLE_COLUMNS order, their issuers resolved. */
  addRows(values: Value[]): void {
    for (let i = 0; i < values.length; i += WIDTH) {
      const issuerId = values[i + ISSUER] as number;
      let buckets = this.byIssuer.get(issuerId);
      if (buckets === undefined) this.byIssuer.set(issuerId, (buckets = new Map()));
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
      const currency = values[i + CURRENCY] as string;
      const first = buckets.get(key);
      let bucket = first;
      while (bucket !== undefined && (bucket.group.sector !== sector || bucket.group.currency !== currency)) bucket = bucket.next;
      if (bucket === undefined) {
        const maturityMonth = maturityDate === null ? null : maturityDate.slice(0, 7);
        const group = { issuerId, assetType, maturityMonth, couponRate, naic, sector, currency, parCents: 0, marketCents: 0, bookCents: 0 };
        bucket = { group, dates: [], marketByDate: [], next: first };
        buckets.set(key, bucket);
      }
      const { group } = bucket;
      const marketCents = values[i + MARKET] as number;
      group.parCents += values[i + PAR] as number;
      group.marketCents += marketCents;
      group.bookCents += values[i + BOOK] as number;
      if (assetType === 'BOND' && date) {
        const at = bucket.dates.indexOf(date);
        if (at === -1) {
          bucket.dates.push(date);
          bucket.marketByDate.push(marketCents);
        } else bucket.marketByDate[at] += marketCents;
      }
      if (!Number.isSafeInteger(group.parCents + group.marketCents + group.bookCents)) {
        throw new UploadRejected('The amounts are too large to add up exactly', [
          {
            row: values[i + ROW_NO] as number,
            column: 'par_value',
            message: 'the holdings of this security add up to more than 90 trillion in the base currency',
          },
        ]);
      }
    }
  }

  /** Each bucket with its dollar duration: every bond's modified duration to its own maturity date x its market value. */
  *all(asOfDate: string): IterableIterator<HoldingGroup> {
    const durations = new DurationTable(asOfDate);
    for (const buckets of this.byIssuer.values()) {
      for (const first of buckets.values()) {
        for (const { group, dates, marketByDate } of inSectorOrder(first)) {
          const byDate = new Map(dates.map((date, i) => [dateText(date), marketByDate[i]]));
          yield { ...group, dollarDurationCents: dollarDurationCents(group.couponRate, byDate, durations) };
        }
      }
    }
  }
}

/** The buckets of one key (by sector and currency), in the order they were opened (each new one heads the chain). */
function inSectorOrder(first: OpenBucket): OpenBucket[] {
  const chain: OpenBucket[] = [];
  for (let bucket: OpenBucket | undefined = first; bucket; bucket = bucket.next) chain.unshift(bucket);
  return chain;
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
