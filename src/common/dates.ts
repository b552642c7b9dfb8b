/**
 * Calendar dates as ISO `YYYY-MM-DD` strings, which sort lexicographically.
 * All arithmetic is on integers, so neither local time zones nor Date are involved.
 */

export class DateFormatError extends Error {
  constructor(readonly input: string) {
    super('must be a date YYYY-MM-DD');
    this.name = 'DateFormatError';
  }
}

function isIntegerIn(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** By character codes rather than a regular expression: this runs for every row of an upload. */
function splitDate(text: string): [year: number, month: number, day: number] | null {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const valid = year >= 1 && isIntegerIn(month, 1, 12) && isIntegerIn(day, 1, daysInMonth(year, month));
  return valid ? [year, month, day] : null;
}

/** The number the ASCII digits from `start` to `end` write, or NaN. */
function digitsAt(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return NaN;
    n = n * 10 + code - 48;
  }
  return n;
}

export function isIsoDate(text: string): boolean {
  return splitDate(text) !== null;
}

/** Months counted from year 0 of the month an ISO date falls in: two dates' difference is the months between them. */
export function monthNumber(isoDate: string): number {
  return Number(isoDate.slice(0, 4)) * 12 + Number(isoDate.slice(5, 7));
}

/** The dates the service takes: a bond, a deal or a snapshot of another century is a typing error. */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2199-12-31';

/** Why a text is not a date the service takes (a real date, within EARLIEST_DATE..LATEST_DATE), or null. */
export function dateProblem(text: string, format = 'YYYY-MM-DD'): string | null {
  if (!isIsoDate(text)) return `must be a real date ${format}`;
  if (text < EARLIEST_DATE || text > LATEST_DATE) return `must be from ${EARLIEST_DATE} to ${LATEST_DATE}`;
  return null;
}

function requireDate(text: string): [year: number, month: number, day: number] {
  const parts = splitDate(text);
  if (!parts) throw new DateFormatError(text);
  return parts;
}

export function parseIsoDate(text: string): string {
  requireDate(text);
  return text;
}

export function monthEnd(year: number, month1to12: number): string {
  if (!isIntegerIn(year, 1, 9999) || !isIntegerIn(month1to12, 1, 12)) throw new RangeError(`no such month: ${year}-${month1to12}`);
  return formatDate(year, month1to12, daysInMonth(year, month1to12));
}

export function firstMonthEndOnOrAfter(date: string): string {
  const [year, month] = requireDate(date);
  return monthEnd(year, month);
}

/** The `count` calendar month ends strictly after `asOfDate`, earliest first. */
export function monthEndsAfter(asOfDate: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer: ${count}`);
  const [year, month] = requireDate(asOfDate);
  // Months counted from year 0, so stepping across year boundaries is plain integer arithmetic.
  const first = year * 12 + (month - 1) + (monthEnd(year, month) > asOfDate ? 0 : 1);
  return Array.from({ length: count }, (_, t) => monthEnd(Math.floor((first + t) / 12), ((first + t) % 12) + 1));
}

/** The date `days` calendar days after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  let [year, month, day] = requireDate(date);
  for (day += days; day > daysInMonth(year, month);) {
    day -= daysInMonth(year, month);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  for (; day < 1;) {
    [year, month] = month === 1 ? [year - 1, 12] : [year, month - 1];
    day += daysInMonth(year, month);
  }
  return formatDate(year, month, day);
}
