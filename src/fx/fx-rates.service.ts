import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addDays, parseIsoDate } from '../common/dates.js';
import type { Page } from '../common/pagination.js';
import { cross, formatRate } from '../risk/fx.js';
import { ECB_BASE } from './fx-file.js';
import { MAX_RATE_AGE_DAYS, RatesOfWindow, conversionsAt, type FxConversion, type StoredRate } from './fx-lookup.js';
import { FxRatesRepository } from './fx-rates.repository.js';
import type { FxRateQuery, FxRateView } from './fx.dto.js';

export { MissingFxRate, type FxConversion, type FxLeg } from './fx-lookup.js';

/** The stored reference rates: the lookup every conversion goes through, and the list of GET /api/fx-rates. */
@Injectable()
export class FxRatesService {
  constructor(private readonly rates: FxRatesRepository) {}

  /**
   * How to turn each of `currencies` into `base` at `date`; a currency equal to base needs nothing
   * (rate PAR, no legs). The rate of a date is the latest stored on or before it, at most
   * MAX_RATE_AGE_DAYS older: a stored from -> to, else a stored to -> from inverted, else crossed
   * through EUR. One query for them all; a rate that does not exist is a MissingFxRate (422)
   * naming every pair missing and the date.
   */
  async ratesAt(date: string, currencies: Iterable<string>, base: string, manager?: EntityManager): Promise<Map<string, FxConversion>> {
    const asked = [...new Set(currencies)];
    const codes = [...new Set([...asked, base, ECB_BASE])];
    const needsRates = asked.some((code) => code !== base);
    const window = { from: addDays(parseIsoDate(date), -MAX_RATE_AGE_DAYS), to: date };
    const rows = needsRates ? await this.rates.pairsAmong(codes, window, manager) : [];
    return conversionsAt(new RatesOfWindow(rows), date, asked, base);
  }

  /**
   * The stored rates newest first. A pair asked (base and quote) that has no stored rate in the
   * range is crossed through EUR on each date both of its legs have: each item `crossed`, with its
   * `legs` as stored.
   */
  async list(query: FxRateQuery): Promise<Page<FxRateView>> {
    const { base, quote, from, to } = query;
    const [rows, total] = await this.rates.newestFirst(query, { base, quote }, { from, to });
    if (total > 0 || !base || !quote || base === quote) return { items: rows.map(storedView), total };
    const crossed = await this.crossedRates(base, quote, { from, to });
    return { items: crossed.slice(query.offset, query.offset + query.limit), total: crossed.length };
  }

  /** base -> quote on every date both EUR -> base and EUR -> quote are stored (either way round), newest first. */
  private async crossedRates(base: string, quote: string, dates: { from?: string; to?: string }): Promise<FxRateView[]> {
    const codes = [base, quote].filter((code) => code !== ECB_BASE);
    const byDate = new Map<string, StoredRate[]>();
    for (const row of await this.rates.euroLegs(ECB_BASE, codes, dates)) byDate.set(row.date, [...(byDate.get(row.date) ?? []), row]);
    const items: FxRateView[] = [];
    for (const [date, rows] of byDate) {
      const rates = new RatesOfWindow(rows);
      const [euroToBase, euroToQuote] = [rates.fromEuro(base), rates.fromEuro(quote)];
      if (!euroToBase || !euroToQuote) continue;
      const rate = cross(euroToBase.rate, euroToQuote.rate);
      items.push({ date, base, quote, rate: Number(formatRate(rate)), crossed: true, legs: [...euroToBase.legs, ...euroToQuote.legs] });
    }
    return items.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  }
}

function storedView(row: StoredRate): FxRateView {
  return { date: row.date, base: row.base, quote: row.quote, rate: Number(row.rate) };
}
