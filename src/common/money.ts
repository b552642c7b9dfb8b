/** Money is integer cents held in a JS number, exact up to Number.MAX_SAFE_INTEGER. */

/** The largest amount taken, in any currency: ten trillion, above the assets of any insurer. */
export const MAX_AMOUNT_CENTS = 1e15;
export const AMOUNT_RULE = 'must be a non-negative amount with at most 2 decimals';
export const AMOUNT_BOUND_RULE = 'must be at most 10,000,000,000,000 (ten trillion)';

export class MoneyFormatError extends Error {
  constructor(
    readonly input: string,
    message = AMOUNT_RULE,
  ) {
    super(message);
    this.name = 'MoneyFormatError';
  }
}

/** Plain digits or correctly grouped thousands, then an optional 1-2 digit fraction. */
const MONEY = /^(\d+|[1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;

/** Cents of an amount written in dollars (or any currency's units); beyond MAX_AMOUNT_CENTS refused as too large. */
export function parseMoney(text: string): number {
  const cents = readCents(text);
  if (cents > MAX_AMOUNT_CENTS) throw new MoneyFormatError(text, AMOUNT_BOUND_RULE);
  return cents;
}

function readCents(text: string): number {
  const plain = plainCents(text);
  if (plain !== null) return plain;
  const match = MONEY.exec(text.trim());
  if (!match) throw new MoneyFormatError(text);
  const [, whole, fraction = ''] = match;
  // A digit string converts exactly while it is a safe integer; anything larger rounds to >= 2^53.
  const cents = Number(whole.replaceAll(',', '') + fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) throw new MoneyFormatError(text, AMOUNT_BOUND_RULE);
  return cents;
}

/**
 * The common case without a regular expression or a string built (a million rows carry three
 * amounts each): digits, then a point and one or two digits. Null for anything else, which
 * parseMoney reads by its rule.
 */
function plainCents(text: string): number | null {
  let whole = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) break;
    whole = whole * 10 + code - 48;
  }
  const decimals = text.length - i - 1;
  if (i === 0 || (i < text.length && (text.charCodeAt(i) !== 46 || decimals < 1 || decimals > 2))) return null;
  let fraction = 0;
  for (let j = i + 1; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code < 48 || code > 57) return null;
    fraction = fraction * 10 + code - 48;
  }
  const cents = whole * 100 + (decimals === 1 ? fraction * 10 : fraction);
  return Number.isSafeInteger(cents) ? cents : null;
}

/** JSON numbers go through their shortest decimal form, so 0.1 + 0.2 or 1e21 are refused rather than rounded. */
export function parseMoneyNumber(n: number): number {
  return parseMoney(String(n));
}

/** Why a value is not an amount the service takes, or null. */
export function moneyProblem(value: unknown): string | null {
  if (typeof value !== 'number') return AMOUNT_RULE;
  try {
    parseMoneyNumber(value);
    return null;
  } catch (err) {
    return (err as MoneyFormatError).message;
  }
}

function requireCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
}

/** Dollars for JSON; the number's shortest decimal form is exact only below 2^46 dollars (about 70 trillion). */
export function centsToNumber(cents: number): number {
  requireCents(cents);
  return cents / 100;
}

export function formatCents(cents: number): string {
  requireCents(cents);
  const digits = String(Math.abs(cents)).padStart(3, '0');
  const sign = cents < 0 ? '-' : '';
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** 123456789 -> '1,234,567.89': the cents' digits grouped by thousands, exact (not a float), without the sign. */
export function groupedAmount(cents: number): string {
  const [whole, fraction] = formatCents(Math.abs(cents)).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/**
 * An amount as a person reads it, with its ISO 4217 code: 123456789, 'EUR' -> 'EUR 1,234,567.89';
 * a negative one signed before the code, '-EUR 1,234.00', as CLDR writes a currency code in English
 * (Intl.NumberFormat's `currencyDisplay: 'code'`) and as the web page shows it. Always two decimals:
 * the service keeps every currency's amounts in hundredths of its unit (JPY 1,234,567.00 included).
 */
export function formatMoney(cents: number, currency: string): string {
  return `${cents < 0 ? '-' : ''}${currency} ${groupedAmount(cents)}`;
}

export function sumCents(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) {
    requireCents(value);
    total += value;
    if (!Number.isSafeInteger(total)) throw new RangeError('sum of cents exceeds Number.MAX_SAFE_INTEGER');
  }
  return total;
}
