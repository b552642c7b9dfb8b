/** Security and entity identifiers: CUSIP, ISIN and LEI check digits. Inputs must already be normalized. */

const CUSIP_BODY = /^[0-9A-Z*@#]{8}$/;
const ISIN_BODY = /^[A-Z]{2}[0-9A-Z]{9}$/;
const LEI_BODY = /^[0-9A-Z]{18}$/;

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
  return String(cusipCheck(first8));
}

/** The check digit of the CUSIP body in the first 8 characters of `s` (from `at`), or -1 when they are not one. */
function cusipCheck(s: string, at = 0): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const value = cusipValue(s.charCodeAt(at + i));
    if (value < 0) return -1;
    sum += sumOfDigits(i % 2 === 1 ? value * 2 : value);
  }
  return (10 - (sum % 10)) % 10;
}

/** 0-9, A-Z, then * @ #; -1 for any other character. */
function cusipValue(code: number): number {
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90)) return alnumValue(code);
  return code === 42 ? 36 : code === 64 ? 37 : code === 35 ? 38 : -1;
}

/** Without slicing: this runs for every row of an upload. */
export function isValidCusip(s: string): boolean {
  if (s.length !== 9) return false;
  const check = cusipCheck(s);
  return check >= 0 && check === s.charCodeAt(8) - 48;
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
  if (s.length !== 12 || !isUpperLetter(s.charCodeAt(0)) || !isUpperLetter(s.charCodeAt(1))) return false;
  // Luhn over the letters-expanded body, from its rightmost digit, without building the digits.
  let sum = 0;
  let position = 0;
  for (let i = 10; i >= 0; i--) {
    const code = s.charCodeAt(i);
    if (!((code >= 48 && code <= 57) || isUpperLetter(code))) return false;
    const value = alnumValue(code);
    sum += sumOfDigits(position++ % 2 === 0 ? (value % 10) * 2 : value % 10);
    if (value >= 10) sum += sumOfDigits(position++ % 2 === 0 ? Math.floor(value / 10) * 2 : Math.floor(value / 10));
  }
  return (10 - (sum % 10)) % 10 === s.charCodeAt(11) - 48;
}

function isUpperLetter(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** US and CA ISINs embed a CUSIP; null for other countries or when either check digit is wrong. */
export function cusipFromIsin(isin: string): string | null {
  if (!isValidIsin(isin) || !(isin.startsWith('US') || isin.startsWith('CA'))) return null;
  const check = cusipCheck(isin, 2);
  return check >= 0 && check === isin.charCodeAt(10) - 48 ? isin.slice(2, 11) : null;
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
 * which would also accept 00, 01 and 99 in place of 97, 98 and 02. Without slicing or building
 * the digits: this runs for two LEIs of every row of an upload.
 */
export function isValidLei(s: string): boolean {
  if (s.length !== 20) return false;
  let remainder = 0;
  for (let i = 0; i < 18; i++) {
    const code = s.charCodeAt(i);
    if (!((code >= 48 && code <= 57) || isUpperLetter(code))) return false;
    const value = alnumValue(code);
    remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
  }
  const check = 98 - ((remainder * 100) % 97);
  const tens = s.charCodeAt(18) - 48;
  const units = s.charCodeAt(19) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 && tens * 10 + units === check;
}
