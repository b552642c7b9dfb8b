import { Column, type ColumnOptions } from 'typeorm';

/**
 * Every column names its type: TypeORM reads an untyped `number` back from SQLite with parseInt,
 * and PostgreSQL returns bigint and numeric as strings, so these transformers bring them back
 * to numbers.
 */
const toNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

/** Money in integer cents; bigint holds far more than any portfolio. */
export function CentsColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'bigint', transformer: toNumber, ...options });
}

/** A ratio or percentage such as a participation rate or a coupon (not money, never summed). */
export function RateColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'decimal', precision: 18, scale: 10, transformer: toNumber, ...options });
}

/** A utilization in percent (2 decimals): wide enough for any ratio of two amounts, e.g. $900M against a $1 limit. */
export function UtilizationColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'decimal', precision: 24, scale: 2, transformer: toNumber, ...options });
}

/** ISO dates and instants are stored as text: identical on SQLite and PostgreSQL, sortable. */
export function IsoDateColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: 10, ...options });
}

export function InstantColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: 24, ...options });
}

export function TextColumn(length: number, options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'varchar', length, ...options });
}
