/**
 * The modified duration as it was computed when migration 1764600000000 was written, kept here
 * unchanged on purpose: a migration must fill the column the same way whatever the risk core
 * (src/risk/duration.ts) becomes later, so it imports nothing of the live code. Dates come from the
 * database, where they are valid ISO dates.
 */

const DAYS_PER_YEAR = 365.25;
const FACE = 100;

/** Days since 1970-01-01 of a proleptic Gregorian date (integer arithmetic, no Date). */
function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function dateParts(isoDate: string): [year: number, month: number, day: number] {
  const [year, month, day] = isoDate.split('-').map(Number);
  return [year, month, day];
}

/** Day numbers of the maturity and every six months before it (day clamped to the month's end), after `fromDay`. */
function couponDays(fromDay: number, [year, month, day]: [number, number, number]): number[] {
  const days: number[] = [];
  for (let months = year * 12 + month - 1; ; months -= 6) {
    const [y, m] = [Math.floor(months / 12), (months % 12) + 1];
    const monthLength = (m === 12 ? dayNumber(y + 1, 1, 1) : dayNumber(y, m + 1, 1)) - dayNumber(y, m, 1);
    const coupon = dayNumber(y, m, Math.min(day, monthLength));
    if (coupon <= fromDay) return days;
    days.push(coupon);
  }
}

/**
 * Modified duration of a semi-annual fixed-coupon bond priced at `yieldPct` (a null coupon is a zero
 * coupon): Macaulay / (1 + y/2), each cash flow's time in years of 365.25 days from `fromDate`.
 * 0 once the bond has matured.
 */
export function modifiedDuration(couponPct: number | null, fromDate: string, maturityDate: string, yieldPct = 5): number {
  const fromDay = dayNumber(...dateParts(fromDate));
  const maturity = dateParts(maturityDate);
  if (dayNumber(...maturity) <= fromDay) return 0;
  const periodYield = yieldPct / 100 / 2;
  const coupon = ((couponPct ?? 0) / 100 / 2) * FACE;
  let price = 0;
  let timeWeighted = 0;
  couponDays(fromDay, maturity).forEach((day, k) => {
    const years = (day - fromDay) / DAYS_PER_YEAR;
    const presentValue = (coupon + (k === 0 ? FACE : 0)) / (1 + periodYield) ** (2 * years);
    price += presentValue;
    timeWeighted += years * presentValue;
  });
  return timeWeighted / price / (1 + periodYield);
}

/** Modified durations at one as-of date by coupon and maturity date: thousands of bonds share a few hundred. */
export class DurationTable {
  private readonly durations = new Map<string, number>();

  constructor(private readonly asOfDate: string) {}

  of(couponPct: number | null, maturityDate: string): number {
    const key = `${couponPct}|${maturityDate}`;
    let duration = this.durations.get(key);
    if (duration === undefined) this.durations.set(key, (duration = modifiedDuration(couponPct, this.asOfDate, maturityDate)));
    return duration;
  }
}

/**
 * The dollar duration of bonds of one coupon, in cent-years: the sum over their maturity dates of
 * modified duration x market value, unrounded, then rounded once to whole cent-years (which moves
 * a 30bp shock by at most 0.0015 cent). Summed in date order, so it is the same whatever the
 * order of the rows.
 */
export function dollarDurationCents(couponPct: number | null, marketByMaturity: Map<string, number>, durations: DurationTable): number {
  let sum = 0;
  for (const date of [...marketByMaturity.keys()].sort()) sum += durations.of(couponPct, date) * marketByMaturity.get(date)!;
  return Math.round(sum);
}
