/** Money is integer cents held in a JS number, exact up to Number.MAX_SAFE_INTEGER. */

export class MoneyFormatError extends Error {
  constructor(readonly input: string) {
    super('must be a non-negative amount with at most 2 decimals');
    this.name = 'MoneyFormatError';
  }
}

/** Plain digits or correctly grouped thousands, then an optional 1-2 digit fraction. */
const MONEY = /^(\d+|[1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;

export function parseMoney(text: string): number {
  const match = MONEY.exec(text.trim());
  if (!match) throw new MoneyFormatError(text);
  const [, whole, fraction = ''] = match;
  // A digit string converts exactly while it is a safe integer; anything larger rounds to >= 2^53.
  const cents = Number(whole.replaceAll(',', '') + fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) throw new MoneyFormatError(text);
  return cents;
}

/** JSON numbers go through their shortest decimal form, so 0.1 + 0.2 or 1e21 are refused rather than rounded. */
export function parseMoneyNumber(n: number): number {
  return parseMoney(String(n));
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

/** 123456789 -> '$1,234,567.89', exact: from the cents' digits, not a float. */
export function formatUsd(cents: number): string {
  const [whole, fraction] = formatCents(cents).split('.');
  return `${whole.startsWith('-') ? '-' : ''}$${whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
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
