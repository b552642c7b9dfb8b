const whole = new Intl.NumberFormat('en-US');
const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * An amount to the cent, as the API answers it, with the ISO 4217 code of its currency (the
 * portfolio's base currency): "EUR 1,234,567.89", "-EUR 1,234.00", as the server's formatMoney
 * writes it in reports and emails. Only the charts speak in millions ("EUR M").
 */
export function money(amount: number, currency: string): string {
  return `${amount < 0 ? '-' : ''}${currency} ${cents.format(Math.abs(amount))}`;
}

export function pct(value: number): string {
  return `${value.toFixed(2)}%`;
}

export function probability(value: number): string {
  return `${Math.round(value * 100)}%`;
}

export function count(n: number): string {
  return whole.format(n);
}

/** "2026-11-30 10:49 UTC": instants as the service records them. */
export function instant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

const BASES = { PCT_ADMITTED_ASSETS: 'admitted assets', PCT_CAPITAL_SURPLUS: 'capital and surplus' };

/** What a limit amount rests on: " = 2.5% of admitted assets EUR 40,000,000,000.00", nothing for a fixed amount. */
export function limitBasis(item: { basis: string; limitPct: number | null; basisAmount: number | null }, currency: string): string {
  const base = BASES[item.basis as keyof typeof BASES];
  if (!base || item.limitPct === null || item.basisAmount === null) return '';
  return ` = ${item.limitPct}% of ${base} ${money(item.basisAmount, currency)}`;
}

/** CURRENT is today's check; a projected one names its scenario. */
export function when(item: { scenario: string | null }): string {
  return item.scenario === null ? 'today' : `under ${item.scenario}`;
}

/** "The 50 largest of 120 lots", or "The 17 lots" when they are all shown. */
export function shown(n: number, total: number, which: string, noun: string): string {
  return n < total ? `The ${count(n)} ${which} of ${count(total)} ${noun}s` : `The ${count(total)} ${total === 1 ? noun : `${noun}s`}`;
}

/** ACKNOWLEDGED -> Acknowledged, WAIVER_REQUESTED -> Waiver requested. */
export function words(code: string): string {
  const text = code
    .toLowerCase()
    .replaceAll('_', ' ')
    .replace(/\bcds\b/, 'CDS');
  return text[0].toUpperCase() + text.slice(1);
}
