/** Security and entity identifiers: CUSIP, ISIN and LEI check digits. Inputs must already be normalized. */

const CUSIP_BODY = /^[0-9A-Z*@#]{8}$/;
const ISIN_BODY = /^[A-Z]{2}[0-9A-Z]{9}$/;
const LEI_BODY = /^[0-9A-Z]{18}$/;
const CUSIP_SYMBOL_VALUES: Record<string, number> = { '*': 36, '@': 37, '#': 38 };

export function normalizeIdentifier(s: string): string {
  return s.trim().toUpperCase();
}

/** 0-9 for digits, A=10 .. Z=35 (from character codes: this runs for every row of an upload). */
function alnumValue(code: number): number {
  return code <= 57 ? code - 48 : code - 55;
}

/** Letters expanded to their two-digit values, as ISIN and LEI check digits require. */
function expandedDigits(s: string): number[] {
  const digits: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const value = alnumValue(s.charCodeAt(i));
    if (value >= 10) digits.push(Math.floor(value / 10));
    digits.push(value % 10);
  }
  return digits;
}

function sumOfDigits(n: number): number {
  return Math.floor(n / 10) + (n % 10);
}

function requireBody(body: string, pattern: RegExp, what: string): void {
  if (!pattern.test(body)) throw new RangeError(`invalid ${what}: ${JSON.stringify(body)}`);
}

/** Modulus 10 "double-add-double": every second character's value is doubled, then digits are summed. */
export function cusipCheckDigit(first8: string): string {
  requireBody(first8, CUSIP_BODY, 'CUSIP body (8 characters)');
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const value = CUSIP_SYMBOL_VALUES[first8[i]] ?? alnumValue(first8.charCodeAt(i));
    sum += sumOfDigits(i % 2 === 1 ? value * 2 : value);
  }
  return String((10 - (sum % 10)) % 10);
}

export function isValidCusip(s: string): boolean {
  return s.length === 9 && CUSIP_BODY.test(s.slice(0, 8)) && cusipCheckDigit(s.slice(0, 8)) === s[8];
}

export function cusip6(cusip: string): string {
  return cusip.slice(0, 6);
}

/** Luhn over the letters-expanded string, doubling from the rightmost digit (the check digit goes after it). */
export function isinCheckDigit(first11: string): string {
  requireBody(first11, ISIN_BODY, 'ISIN body (11 characters)');
  const digits = expandedDigits(first11);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits[digits.length - 1 - i];
    sum += sumOfDigits(i % 2 === 0 ? digit * 2 : digit);
  }
  return String((10 - (sum % 10)) % 10);
}

export function isValidIsin(s: string): boolean {
  return s.length === 12 && ISIN_BODY.test(s.slice(0, 11)) && isinCheckDigit(s.slice(0, 11)) === s[11];
}

/** US and CA ISINs embed a CUSIP; null for other countries or when either check digit is wrong. */
export function cusipFromIsin(isin: string): string | null {
  if (!isValidIsin(isin) || !['US', 'CA'].includes(isin.slice(0, 2))) return null;
  const cusip = isin.slice(2, 11);
  return isValidCusip(cusip) ? cusip : null;
}

function mod97(digits: number[]): number {
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + digit) % 97;
  return remainder;
}

/** ISO 7064 MOD 97-10: always 02..98. */
export function leiCheckDigits(first18: string): string {
  requireBody(first18, LEI_BODY, 'LEI body (18 characters)');
  return String(98 - mod97(expandedDigits(`${first18}00`))).padStart(2, '0');
}

/**
 * Compares with the computed check digits rather than only testing "mod 97 = 1",
 * which would also accept 00, 01 and 99 in place of 97, 98 and 02.
 */
export function isValidLei(s: string): boolean {
  return s.length === 20 && LEI_BODY.test(s.slice(0, 18)) && leiCheckDigits(s.slice(0, 18)) === s.slice(18);
}
