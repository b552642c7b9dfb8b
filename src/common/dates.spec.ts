import fc from 'fast-check';
import { addDays, DateFormatError, firstMonthEndOnOrAfter, isIsoDate, monthEnd, monthEndsAfter, parseIsoDate } from './dates.js';

/** Any real calendar date in years 1900..2200, built with UTC Date only as an independent oracle. */
const isoDate = fc
  .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('parseIsoDate', () => {
  it.each(['2026-11-30', '2028-02-29', '2000-02-29', '2027-12-31', '0001-01-01', '9999-12-31'])('accepts %s', (text) => {
    expect(parseIsoDate(text)).toBe(text);
    expect(isIsoDate(text)).toBe(true);
  });

  it.each([
    '2027-02-29',
    '2027-02-30',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '0000-01-01',
    '2026-1-05',
    '26-01-05',
    '2026/01/05',
    ' 2026-01-05',
    '2026-01-05T00:00:00Z',
    '',
  ])('refuses %j', (text) => {
    expect(isIsoDate(text)).toBe(false);
    expect(() => parseIsoDate(text)).toThrow(DateFormatError);
  });

  it('explains the expected format', () => {
    expect(() => parseIsoDate('2027-02-30')).toThrow('must be a date YYYY-MM-DD');
  });

  it('agrees with the UTC calendar', () => {
    fc.assert(fc.property(isoDate, (text) => isIsoDate(text)));
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const real = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === text;
        return isIsoDate(text) === real;
      }),
    );
  });
});

describe('monthEnd', () => {
  it.each([
    [2026, 1, '2026-01-31'],
    [2027, 2, '2027-02-28'],
    [2028, 2, '2028-02-29'],
    [1900, 2, '1900-02-28'],
    [2000, 2, '2000-02-29'],
    [2026, 4, '2026-04-30'],
    [2026, 12, '2026-12-31'],
  ])('%d-%d ends on %s', (year, month, end) => {
    expect(monthEnd(year, month)).toBe(end);
  });

  it.each([
    [2026, 0],
    [2026, 13],
    [2026, 1.5],
    [0, 1],
    [10000, 1],
  ])('refuses %d-%d', (year, month) => {
    expect(() => monthEnd(year, month)).toThrow(RangeError);
  });
});

describe('firstMonthEndOnOrAfter', () => {
  it.each([
    ['2026-11-15', '2026-11-30'],
    ['2026-11-30', '2026-11-30'],
    ['2026-12-01', '2026-12-31'],
    ['2028-02-01', '2028-02-29'],
  ])('%s -> %s', (date, end) => {
    expect(firstMonthEndOnOrAfter(date)).toBe(end);
  });

  it('refuses a non-date', () => {
    expect(() => firstMonthEndOnOrAfter('2026-02-30')).toThrow(DateFormatError);
  });
});

describe('monthEndsAfter', () => {
  it('starts after a month-end as-of date with the next month', () => {
    expect(monthEndsAfter('2026-11-30', 3)).toEqual(['2026-12-31', '2027-01-31', '2027-02-28']);
  });

  it('starts mid-month with the current month', () => {
    expect(monthEndsAfter('2026-11-15', 4)).toEqual(['2026-11-30', '2026-12-31', '2027-01-31', '2027-02-28']);
  });

  it('counts 12 months across a leap February', () => {
    const ends = monthEndsAfter('2027-12-31', 12);
    expect(ends[0]).toBe('2028-01-31');
    expect(ends[1]).toBe('2028-02-29');
    expect(ends[11]).toBe('2028-12-31');
  });

  it('gives nothing for a count of 0 and refuses bad counts or dates', () => {
    expect(monthEndsAfter('2026-11-15', 0)).toEqual([]);
    expect(() => monthEndsAfter('2026-11-15', -1)).toThrow(RangeError);
    expect(() => monthEndsAfter('2026-11-15', 1.5)).toThrow(RangeError);
    expect(() => monthEndsAfter('2026-11-31', 1)).toThrow(DateFormatError);
  });

  it('gives consecutive month ends, the first on or after the day after the as-of date', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 1, max: 60 }), (asOf, count) => {
        const ends = monthEndsAfter(asOf, count);
        expect(ends).toHaveLength(count);
        expect(ends[0]).toBe(firstMonthEndOnOrAfter(dayAfter(asOf)));
        ends.forEach((end, t) => {
          expect(dayAfter(end).endsWith('-01')).toBe(true);
          if (t > 0) expect(end).toBe(firstMonthEndOnOrAfter(dayAfter(ends[t - 1])));
        });
      }),
    );
  });
});

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe('addDays', () => {
  it.each([
    ['2026-11-30', 90, '2027-02-28'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-11-30', 0, '2026-11-30'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-01-01', 3652, '2036-01-01'],
  ])('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});
