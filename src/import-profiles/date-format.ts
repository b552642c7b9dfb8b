import { daysInMonth } from '../common/dates.js';

/**
 * Dates as a file writes them, by a pattern of tokens: YYYY, YY, MM, M, DD, D and MMM (Jan..Dec,
 * any case); any other character stands for itself. "MMM DD, YYYY" reads "Feb 01, 2046".
 */
export const DATE_TOKENS = ['YYYY', 'YY', 'MMM', 'MM', 'M', 'DD', 'D'] as const;
type Token = (typeof DATE_TOKENS)[number];

const PART: Record<Token, { part: 'year' | 'month' | 'day'; pattern: string }> = {
  YYYY: { part: 'year', pattern: '(\\d{4})' },
  YY: { part: 'year', pattern: '(\\d{2})' },
  MMM: { part: 'month', pattern: '([A-Za-z]{3})' },
  MM: { part: 'month', pattern: '(\\d{2})' },
  M: { part: 'month', pattern: '(\\d{1,2})' },
  DD: { part: 'day', pattern: '(\\d{2})' },
  D: { part: 'day', pattern: '(\\d{1,2})' },
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Reads a date cell: the ISO date, or null when the text does not match or is no real date. */
export type DateReader = (text: string, after?: string | null) => string | null;

export class DateFormatInvalid extends Error {}

/**
 * A run of Y, M or D letters must be one token, and each of year, month and day comes once:
 * "YYY" or "DDD-MM-YYYY" are typos, refused rather than read as literal letters.
 */
export function compileDateFormat(format: string): DateReader {
  const order: Array<{ token: Token; part: 'year' | 'month' | 'day' }> = [];
  let pattern = '';
  for (const run of format.match(/Y+|M+|D+|[^YMD]+/g) ?? []) {
    const token = DATE_TOKENS.find((t) => t === run);
    if (token) {
      const { part, pattern: group } = PART[token];
      if (order.some((o) => o.part === part)) throw new DateFormatInvalid(`dateFormat has two ${part} tokens ("${format}")`);
      order.push({ token, part });
      pattern += group;
    } else if (/^[YMD]/.test(run)) {
      throw new DateFormatInvalid(`dateFormat: "${run}" is not a token (${DATE_TOKENS.join(', ')})`);
    } else pattern += run.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const missing = (['year', 'month', 'day'] as const).filter((part) => !order.some((o) => o.part === part));
  if (missing.length) throw new DateFormatInvalid(`dateFormat needs a ${missing.join(', a ')} token ("${format}")`);
  const regex = new RegExp(`^${pattern}$`);
  const at = (part: 'year' | 'month' | 'day') => order.findIndex((o) => o.part === part) + 1;
  const [yearAt, monthAt, dayAt] = [at('year'), at('month'), at('day')];
  const twoDigitYear = order[yearAt - 1].token === 'YY';
  const monthByName = order[monthAt - 1].token === 'MMM';

  return (text, after = null) => {
    const match = regex.exec(text);
    if (!match) return null;
    const month = monthByName ? MONTHS.indexOf(match[monthAt].toLowerCase()) + 1 : Number(match[monthAt]);
    const day = Number(match[dayAt]);
    if (month < 1 || month > 12 || day < 1) return null;
    const monthDay = `-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
    let year = Number(match[yearAt]);
    if (twoDigitYear) year = after ? yearAfter(year, monthDay, after) : 2000 + year;
    // Checked here, once, rather than by parsing the ISO text again: this runs for every date cell.
    return year >= 1 && day <= daysInMonth(year, month) ? `${String(year).padStart(4, '0')}${monthDay}` : null;
  };
}

/** The earliest year ending in `yy` that puts the date after `after`: a held bond has not matured. */
function yearAfter(yy: number, monthDay: string, after: string): number {
  const afterYear = Number(after.slice(0, 4));
  const year = afterYear - (afterYear % 100) + yy;
  return `${String(year).padStart(4, '0')}${monthDay}` > after ? year : year + 100;
}

/** Why a dateFormat cannot be used, or null when it can. */
export function dateFormatProblem(format: string): string | null {
  try {
    compileDateFormat(format);
    return null;
  } catch (err) {
    if (err instanceof DateFormatInvalid) return err.message;
    throw err;
  }
}
