import type { Type as Class } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class PageQuery {
  @ApiPropertyOptional({ type: Number, default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;

  @ApiPropertyOptional({ type: Number, default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export function toPage<E, T>([rows, total]: [E[], number], map: (row: E) => T): Page<T> {
  return { items: rows.map(map), total };
}

/** The items of one page of a list held whole in memory (a short one, such as the scenarios). */
export function slicePage<T>(all: T[], { limit, offset }: PageQuery): Page<T> {
  return { items: all.slice(offset, offset + limit), total: all.length };
}

const pageSchemas = new Map<Class, Class>();

/** The OpenAPI schema of a Page of `item`, {items, total}, named after it: PortfolioView gives PortfolioPage. */
export function PageOf(item: Class): Class {
  const known = pageSchemas.get(item);
  if (known) return known;
  class ItemPage {
    @ApiProperty({ type: [item] }) items!: unknown[];
    @ApiProperty({ description: 'How many there are in all, whatever limit and offset' }) total!: number;
  }
  Object.defineProperty(ItemPage, 'name', { value: `${item.name.replace(/View$/, '')}Page` });
  pageSchemas.set(item, ItemPage);
  return ItemPage;
}

/** A list route's answer: a page of `item`. */
export const ApiPage = (item: Class) => ApiOkResponse({ type: PageOf(item), description: 'One page (limit, offset) and the total count' });
