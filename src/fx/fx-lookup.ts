import { DomainError } from '../common/errors.js';
import { PAR, cross, invert, parseRate, type Rate } from '../risk/fx.js';
import { ECB_BASE } from './fx-file.js';

/** A stored rate as stored: {"base":"EUR","quote":"USD","rate":1.0866,"rateText":"1.0866","rateDate":"2023-06-30"}. */
export interface FxLeg {
  base: string;
  quote: string;
  rate: number;
  rateText: string;
  rateDate: string;
}

/** from -> to: amount_in_to = amount_in_from * rate; `legs` are the stored rates it comes from (none for a currency into itself). */
export interface FxConversion {
  from: string;
  to: string;
  rate: Rate;
  legs: FxLeg[];
}

/** A row of fx_rates as the lookup reads it. */
export interface StoredRate {
  date: string;
  base: string;
  quote: string;
  rate: string;
}

/** The rate of a date is the latest stored on or before it, at most this many days older (weekends and TARGET holidays). */
export const MAX_RATE_AGE_DAYS = 7;

/** A rate that a conversion needs is not stored within MAX_RATE_AGE_DAYS before the date: a 422, nothing stored. */
export class MissingFxRate extends DomainError {
  constructor(
    readonly pairs: string[],
    readonly date: string,
  ) {
    super(
      422,
      `No ${inWords(pairs)} rate on or before ${date} (a rate may be at most ${MAX_RATE_AGE_DAYS} days older): ` +
        "upload the ECB's reference rates with POST /api/fx-rates",
    );
  }
}

function inWords(pairs: string[]): string {
  return pairs.length < 2 ? pairs.join('') : `${pairs.slice(0, -1).join(', ')} or ${pairs.at(-1)}`;
}

/** One way of going from a currency to another: a rate and the stored rates it comes from. */
interface Way {
  rate: Rate;
  legs: FxLeg[];
}

/**
 * The latest stored rate of each pair among `rows`, which are the rates of the window of dates
 * (MAX_RATE_AGE_DAYS up to the date), and the ways between currencies they give.
 */
export class RatesOfWindow {
  private readonly latest = new Map<string, StoredRate>();

  constructor(rows: Iterable<StoredRate>) {
    for (const row of rows) {
      const key = `${row.base}->${row.quote}`;
      const known = this.latest.get(key);
      if (!known || known.date < row.date) this.latest.set(key, row);
    }
  }

  /**
   * from -> to: a stored from -> to; else a stored to -> from, inverted; else crossed through the
   * euro (EUR -> from and EUR -> to, each stored or inverted, each at its own latest date). The
   * pairs that are missing when there is no way, in the ECB's direction (EUR -> GBP).
   */
  way(from: string, to: string): Way | { missing: string[] } {
    if (from === to) return { rate: PAR, legs: [] };
    const direct = this.stored(from, to) ?? this.inverted(from, to);
    if (direct) return direct;
    const legs = [this.fromEuro(from), this.fromEuro(to)];
    const missing = [from, to].filter((code, i) => !legs[i] && code !== ECB_BASE).map((code) => `${ECB_BASE}->${code}`);
    // One of them the euro: the other's leg is the direct pair tried above, so it is missing.
    if (missing.length) return { missing };
    const [euroToFrom, euroToTo] = legs as Way[];
    return { rate: cross(euroToFrom.rate, euroToTo.rate), legs: [...euroToFrom.legs, ...euroToTo.legs] };
  }

  /** EUR -> code, stored or inverted; EUR itself at par. */
  fromEuro(code: string): Way | null {
    if (code === ECB_BASE) return { rate: PAR, legs: [] };
    return this.stored(ECB_BASE, code) ?? this.inverted(ECB_BASE, code);
  }

  private stored(base: string, quote: string): Way | null {
    const row = this.latest.get(`${base}->${quote}`);
    return row ? { rate: rateOf(row), legs: [toLeg(row)] } : null;
  }

  private inverted(from: string, to: string): Way | null {
    const row = this.latest.get(`${to}->${from}`);
    return row ? { rate: invert(rateOf(row)), legs: [toLeg(row)] } : null;
  }
}

/** How to turn each of `currencies` into `base`, or MissingFxRate naming every pair that is missing. */
export function conversionsAt(window: RatesOfWindow, date: string, currencies: Iterable<string>, base: string): Map<string, FxConversion> {
  const conversions = new Map<string, FxConversion>();
  const missing = new Set<string>();
  for (const from of currencies) {
    if (conversions.has(from)) continue;
    const way = window.way(from, base);
    if ('missing' in way) way.missing.forEach((pair) => missing.add(pair));
    else conversions.set(from, { from, to: base, ...way });
  }
  if (missing.size) throw new MissingFxRate([...missing].sort(), date);
  return conversions;
}

function rateOf(row: StoredRate): Rate {
  const rate = parseRate(row.rate);
  if (!rate) throw new Error(`fx_rates holds a rate that is not one: ${row.base}->${row.quote} on ${row.date} is "${row.rate}"`);
  return rate;
}

export function toLeg(row: StoredRate): FxLeg {
  return { base: row.base, quote: row.quote, rate: Number(row.rate), rateText: row.rate, rateDate: row.date };
}
