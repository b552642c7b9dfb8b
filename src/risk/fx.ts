/**
 * Exchange rates as exact fractions (SPEC 5.10): a rate is kept as the ECB writes it, "1.0866" being
 * 10866/10000, so that converting an amount is decimal arithmetic on the rate as written, rounded
 * once, half away from zero, to the cent. BigInt where it must, plain integers where they are exact.
 */

/** Units of the quote currency per one unit of the base, exactly as written: "1.0866" is 10866/10000. */
export interface Rate {
  readonly num: bigint;
  readonly den: bigint;
}

/** One for one: a currency into itself. */
export const PAR: Rate = Object.freeze({ num: 1n, den: 1n });

/** Decimals a rate may have: the ECB writes at most 6 significant digits, a crossed rate written out by hand a few more. */
const MAX_DECIMALS = 12;
/** Whole digits a rate may have: the old Turkish lira was 1,900,000 per euro. */
const MAX_WHOLE_DIGITS = 15;
const NON_ZERO = /[1-9]/;
const RATE = new RegExp(`^(\\d{1,${MAX_WHOLE_DIGITS}})(?:\\.(\\d{1,${MAX_DECIMALS}}))?$`);

/** A positive decimal as written ("1.0866", "157.23", "0.86518", "1"): no sign, no exponent, at most 12 decimals; null otherwise. */
export function parseRate(text: string): Rate | null {
  const match = RATE.exec(text);
  if (!match || !NON_ZERO.test(text)) return null;
  const [, whole, fraction = ''] = match;
  return { num: BigInt(whole + fraction), den: 10n ** BigInt(fraction.length) };
}

/** Whether parseRate takes the text, without building the rate: a file's 200,000 cells are checked so. */
export function isRateText(text: string): boolean {
  return RATE.test(text) && NON_ZERO.test(text);
}

/** The other way round: quote -> base. */
export function invert(rate: Rate): Rate {
  return { num: rate.den, den: rate.num };
}

/** from -> to through a common base (the euro): (via -> to) / (via -> from), reduced. */
export function cross(viaToFrom: Rate, viaToTo: Rate): Rate {
  return reduced(viaToTo.num * viaToFrom.den, viaToTo.den * viaToFrom.num);
}

function reduced(num: bigint, den: bigint): Rate {
  const divisor = gcd(num, den);
  return { num: num / divisor, den: den / divisor };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/** Products up to 2^52, so that the quotient of a float division is off by one at most and every check stays exact. */
const FAST_LIMIT = 2 ** 52;

/**
 * `cents` x `rate` exactly, rounded half away from zero to the cent; negative cents too. Plain
 * integers while the product is exactly representable (a holding of a few hundred million at a
 * rate of five digits), BigInt beyond. A result past Number.MAX_SAFE_INTEGER cents is a RangeError.
 */
export function convertCents(cents: number, rate: Rate): number {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const magnitude = Math.abs(cents);
  const num = Number(rate.num);
  const den = Number(rate.den);
  const product = magnitude * num;
  if (product <= FAST_LIMIT && den <= FAST_LIMIT) return signed(cents, roundedQuotient(product, den));
  return signed(cents, bigQuotient(BigInt(magnitude) * rate.num, rate.den));
}

/** product / den rounded half up, for exact non-negative integers below 2^52. */
function roundedQuotient(product: number, den: number): number {
  let quotient = Math.floor(product / den);
  let remainder = product - quotient * den;
  // The float division may land one off a whole quotient; the remainder tells, exactly.
  if (remainder < 0) {
    quotient -= 1;
    remainder += den;
  } else if (remainder >= den) {
    quotient += 1;
    remainder -= den;
  }
  return 2 * remainder >= den ? quotient + 1 : quotient;
}

/** num / den rounded half up, for non-negative BigInts; the result must be a safe number of cents. */
function bigQuotient(num: bigint, den: bigint): number {
  const quotient = num / den;
  const rounded = 2n * (num % den) >= den ? quotient + 1n : quotient;
  if (rounded > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`the converted amount passes ${Number.MAX_SAFE_INTEGER} cents, where cents stop being exact`);
  return Number(rounded);
}

/** The magnitude with the sign of `cents`; never -0. */
function signed(cents: number, magnitude: number): number {
  return cents < 0 && magnitude !== 0 ? -magnitude : magnitude;
}

/**
 * `cents` x (100 + pct) / 100 exactly, rounded half away from zero once: an FX shock of `pct`
 * percent (-10: worth 10% less). `pct` is read through its shortest decimal string, as
 * src/common/money.ts reads JSON numbers: 2.5 is 25/10, not the float nearest it.
 */
export function shockCents(cents: number, pct: number): number {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const negative = (factor: number | bigint) => cents < 0 !== factor < 0;
  if (Number.isInteger(pct) && Math.abs(cents) * Math.abs(100 + pct) <= FAST_LIMIT) {
    const magnitude = roundedQuotient(Math.abs(cents) * Math.abs(100 + pct), 100);
    return negative(100 + pct) && magnitude !== 0 ? -magnitude : magnitude;
  }
  // (100 + num/den) / 100 = (100 den + num) / (100 den)
  const { num, den } = decimalOf(pct);
  const factor = 100n * den + num;
  const magnitude = bigQuotient(BigInt(Math.abs(cents)) * (factor < 0n ? -factor : factor), 100n * den);
  return negative(factor) && magnitude !== 0 ? -magnitude : magnitude;
}

/** A finite number as the exact decimal of its shortest string: -2.5 is -25/10, 1e-7 is 1/10000000. */
function decimalOf(n: number): { num: bigint; den: bigint } {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n));
  if (!match) throw new RangeError(`not a decimal number: ${n}`);
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const scale = fraction.length - Number(exponentText);
  const digits = BigInt(`${sign}${whole}${fraction}`);
  return scale >= 0 ? { num: digits, den: 10n ** BigInt(scale) } : { num: digits * 10n ** BigInt(-scale), den: 1n };
}

/**
 * The rate as a decimal of `significant` significant digits, rounded half away from zero: how a
 * crossed rate, rarely a finite decimal, is shown. Trailing zeros are dropped ("1.25", not "1.250000000").
 */
export function formatRate(rate: Rate, significant = 10): string {
  const whole = rate.num / rate.den;
  const scale = whole > 0n ? significant - whole.toString().length : significant + zerosAfterPoint(rate);
  const scaled = scale >= 0 ? rate.num * 10n ** BigInt(scale) : rate.num;
  const den = scale >= 0 ? rate.den : rate.den * 10n ** BigInt(-scale);
  const quotient = scaled / den;
  const digits = (2n * (scaled % den) >= den ? quotient + 1n : quotient).toString();
  if (scale <= 0) return `${digits}${'0'.repeat(-scale)}`;
  const padded = digits.padStart(scale + 1, '0');
  return `${padded.slice(0, -scale)}.${padded.slice(-scale)}`.replace(/\.?0+$/, '');
}

/** The zeros between the decimal point and the first significant digit of a rate below 1: 0.0123 has 1. */
function zerosAfterPoint(rate: Rate): number {
  let zeros = 0;
  for (let scaled = rate.num * 10n; scaled < rate.den; scaled *= 10n) zeros += 1;
  return zeros;
}
