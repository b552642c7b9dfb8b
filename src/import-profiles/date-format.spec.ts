import fc from 'fast-check';
import { addDays } from '../common/dates.js';
import { compileDateFormat, dateFormatProblem } from './date-format.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

describe('compileDateFormat', () => {
  it.each([
    ['YYYY-MM-DD', '2046-02-01', '2046-02-01'],
    ['MMM DD, YYYY', 'Feb 01, 2046', '2046-02-01'],
    ['MMM DD, YYYY', 'feb 01, 2046', '2046-02-01'],
    ['MMM DD, YYYY', 'SEP 15, 2115', '2115-09-15'],
    ['MM/DD/YYYY', '11/04/2031', '2031-11-04'],
    ['M/D/YYYY', '1/5/2030', '2030-01-05'],
    ['M/D/YYYY', '12/31/2030', '2030-12-31'],
    ['DD.MM.YYYY', '01.02.2046', '2046-02-01'],
    ['D-MMM-YY', '1-Feb-46', '2046-02-01'],
    ['YYYYMMDD', '20460201', '2046-02-01'],
  ])('%s reads %j as %s', (format, text, iso) => {
    expect(compileDateFormat(format)(text)).toBe(iso);
  });

  it.each([
    ['MMM DD, YYYY', 'Feb 1, 2046'], // DD is two digits
    ['MMM DD, YYYY', 'Fev 01, 2046'], // no such month
    ['MMM DD, YYYY', 'Feb 30, 2046'], // no such day
    ['DD.MM.YYYY', '29.02.2027'], // not a leap year
    ['DD.MM.YYYY', '01.13.2046'],
    ['DD.MM.YYYY', '01-02-2046'], // the dots are literal
    ['M/D/YYYY', '1/5/2030 '],
    ['YYYY-MM-DD', '2046-02-01T00:00'],
  ])('%s refuses %j', (format, text) => {
    expect(compileDateFormat(format)(text)).toBeNull();
  });

  describe('a two-digit year', () => {
    const read = compileDateFormat('D-MMM-YY');

    it('is the earliest such date after the as-of date (a held bond has not matured)', () => {
      expect(read('1-Feb-46', '2026-11-30')).toBe('2046-02-01');
      expect(read('15-Sep-15', '2026-11-30')).toBe('2115-09-15');
      expect(read('1-Dec-26', '2026-11-30')).toBe('2026-12-01');
      expect(read('30-Nov-26', '2026-11-30')).toBe('2126-11-30');
      expect(read('15-Jan-27', '2026-11-30')).toBe('2027-01-15');
      expect(read('1-Jan-00', '2099-12-31')).toBe('2100-01-01');
    });

    it('is 20YY without an as-of date (an as-of date column, say)', () => {
      expect(read('15-Sep-15')).toBe('2015-09-15');
      expect(read('1-Feb-99')).toBe('2099-02-01');
    });

    it('is refused when the date does not exist in the year the rule picks', () => {
      expect(read('29-Feb-00', '2026-11-30')).toBeNull(); // 2100 is not a leap year
    });

    it('always lands after the as-of date and within a hundred years of it (property)', () => {
      const day = fc.integer({ min: 0, max: 365 * 150 }).map((n) => addDays('1950-01-01', n));
      fc.assert(
        fc.property(day, day, (asOf, date) => {
          const [y, m, d] = date.split('-').map(Number);
          const read2 = read(`${d}-${MONTHS[m - 1]}-${String(y % 100).padStart(2, '0')}`, asOf);
          if (read2 === null) return m === 2 && d === 29;
          const years = Number(read2.slice(0, 4)) - Number(asOf.slice(0, 4));
          return read2 > asOf && years >= 0 && years <= 100 && read2.slice(2) === date.slice(2);
        }),
      );
    });
  });

  it('reads back every date it writes, in every format (property)', () => {
    const formats = ['YYYY-MM-DD', 'MMM DD, YYYY', 'DD.MM.YYYY', 'M/D/YYYY', 'D MMM YYYY'];
    const write = (format: string, iso: string) => {
      const [y, m, d] = iso.split('-');
      const parts: Record<string, string> = {
        YYYY: y,
        MMM: MONTHS[Number(m) - 1],
        MM: m,
        M: String(Number(m)),
        DD: d,
        D: String(Number(d)),
      };
      return format.replace(/YYYY|MMM|MM|M|DD|D/g, (token) => parts[token]);
    };
    const day = fc.integer({ min: 0, max: 365 * 400 }).map((n) => addDays('1900-01-01', n));
    fc.assert(fc.property(fc.constantFrom(...formats), day, (format, iso) => compileDateFormat(format)(write(format, iso)) === iso));
  });
});

describe('dateFormatProblem', () => {
  it.each(['YYYY-MM-DD', 'MMM DD, YYYY', 'D-MMM-YY', 'DD.MM.YYYY', 'M/D/YYYY', 'YYYYMMDD', 'DD MMM YYYY at noon'])(
    'accepts %j',
    (format) => {
      expect(dateFormatProblem(format)).toBeNull();
    },
  );

  it.each([
    ['DD/MM/YYY', 'dateFormat: "YYY" is not a token (YYYY, YY, MMM, MM, M, DD, D)'],
    ['DDD-MM-YYYY', 'dateFormat: "DDD" is not a token (YYYY, YY, MMM, MM, M, DD, D)'],
    ['MMMM D, YYYY', 'dateFormat: "MMMM" is not a token (YYYY, YY, MMM, MM, M, DD, D)'],
    ['DD.MM', 'dateFormat needs a year token ("DD.MM")'],
    ['YYYY', 'dateFormat needs a month, a day token ("YYYY")'],
    ['DD-MM-YY-YYYY', 'dateFormat has two year tokens ("DD-MM-YY-YYYY")'],
  ])('refuses %j: %s', (format, message) => {
    expect(dateFormatProblem(format)).toBe(message);
  });
});
