import { Injectable } from '@nestjs/common';
import { Between, In, LessThanOrEqual, MoreThanOrEqual, type EntityManager, type FindOptionsSelect, type FindOptionsWhere } from 'typeorm';
import type { PageQuery } from '../common/pagination.js';
import { TimeSlicer } from '../common/time-slice.js';
import { Database } from '../database/database.js';
import { TableRepository } from '../database/table-repository.js';
import type { ReadRate } from './fx-file.js';
import { FxRateEntity } from './fx-rate.entity.js';

const COLUMNS = ['date', 'base', 'quote', 'rate', 'loaded_at', 'loaded_by'];
/** Rows per INSERT on SQLite: 6,000 parameters, within its 32,766. */
const SQLITE_ROWS_PER_STATEMENT = 1000;
const PG_ROWS_PER_STATEMENT = 20_000;
const INSERT = `INSERT INTO "fx_rates" (${COLUMNS.map((c) => `"${c}"`).join(', ')})`;
/** A rate unchanged is left as it is, with when and by whom it was loaded: the ECB's whole history comes again each day. */
const UPSERT =
  'ON CONFLICT ("date", "base", "quote") DO UPDATE SET "rate" = excluded."rate", "loaded_at" = excluded."loaded_at", ' +
  '"loaded_by" = excluded."loaded_by" WHERE "fx_rates"."rate" <> excluded."rate"';
const READ: FindOptionsSelect<FxRateEntity> = { date: true, base: true, quote: true, rate: true };

/** Dates from `from` to `to`, either open. */
export interface DateRange {
  from?: string;
  to?: string;
}

@Injectable()
export class FxRatesRepository extends TableRepository<FxRateEntity> {
  constructor(db: Database) {
    super(db, FxRateEntity);
  }

  /**
   * Stores the rates, each replacing the stored rate of its date and pair, in the caller's
   * transaction. In the order of the unique index, so that two uploads at once on PostgreSQL take
   * their row locks in one order. PostgreSQL takes them as arrays (unnest), 20,000 rows a
   * statement: multi-row VALUES of 1,000 rows took twice as long for the ECB's 200,000 rates.
   */
  async replace(tx: EntityManager, rates: ReadRate[], loadedAt: string, loadedBy: string): Promise<void> {
    const sorted = [...rates].sort((a, b) => compare(a.date, b.date) || compare(a.base, b.base) || compare(a.quote, b.quote));
    const postgres = this.db.kind === 'postgres';
    const size = postgres ? PG_ROWS_PER_STATEMENT : SQLITE_ROWS_PER_STATEMENT;
    // better-sqlite3 answers synchronously: without a pause, requests would wait for the whole file.
    const slicer = new TimeSlicer();
    for (let start = 0; start < sorted.length; start += size) {
      await slicer.pause();
      const batch = sorted.slice(start, start + size);
      if (postgres) {
        const arrays = (['date', 'base', 'quote', 'rate'] as const).map((column) => batch.map((rate) => rate[column]));
        await tx.query(`${INSERT} SELECT *, $5, $6 FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[]) ${UPSERT}`, [
          ...arrays,
          loadedAt,
          loadedBy,
        ]);
      } else {
        const values = batch.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ');
        await tx.query(
          `${INSERT} VALUES ${values} ${UPSERT}`,
          batch.flatMap((rate) => [rate.date, rate.base, rate.quote, rate.rate, loadedAt, loadedBy]),
        );
      }
    }
  }

  /** The rates from..to between any two of `codes`: the window of dates a lookup reads, in one query. */
  pairsAmong(codes: string[], { from, to }: Required<DateRange>, manager?: EntityManager): Promise<FxRateEntity[]> {
    return this.table(manager).find({ select: READ, where: { date: Between(from, to), base: In(codes), quote: In(codes) } });
  }

  /** A page of the stored rates, newest first, of one base, one quote or one pair when given. */
  newestFirst(page: PageQuery, pair: { base?: string; quote?: string }, dates: DateRange): Promise<[FxRateEntity[], number]> {
    const where: FindOptionsWhere<FxRateEntity> = {
      ...(pair.base && { base: pair.base }),
      ...(pair.quote && { quote: pair.quote }),
      ...dateWhere(dates),
    };
    return this.table().findAndCount({
      select: READ,
      where,
      order: { date: 'DESC', base: 'ASC', quote: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  /** Every stored rate between the euro and one of `codes`, either way round, in the range of dates. */
  euroLegs(euro: string, codes: string[], dates: DateRange): Promise<FxRateEntity[]> {
    const date = dateWhere(dates);
    return this.table().find({
      select: READ,
      where: [
        { base: euro, quote: In(codes), ...date },
        { base: In(codes), quote: euro, ...date },
      ],
    });
  }
}

function dateWhere({ from, to }: DateRange): FindOptionsWhere<FxRateEntity> {
  if (from && to) return { date: Between(from, to) };
  if (from) return { date: MoreThanOrEqual(from) };
  if (to) return { date: LessThanOrEqual(to) };
  return {};
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
