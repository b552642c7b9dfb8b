import type { TableColumnOptions } from 'typeorm';

/** Column definitions that mean the same on SQLite and PostgreSQL. */
export const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
export const text = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
export const integer = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
export const cents = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable });
export const rate = (name: string, isNullable = false): TableColumnOptions => ({
  name,
  type: 'decimal',
  precision: 18,
  scale: 10,
  isNullable,
});
export const instant = (name: string, isNullable = false) => text(name, 24, isNullable);
/** Any ratio of two safe-integer amounts, in percent with 2 decimals. */
export const utilization = (name: string, isNullable = false): TableColumnOptions => ({
  name,
  type: 'decimal',
  precision: 24,
  scale: 2,
  isNullable,
});

export const boolean = (name: string): TableColumnOptions => ({ name, type: 'boolean' });
export const longText = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });
