import fc from 'fast-check';
import { groupedAmount, MAX_AMOUNT_CENTS, parseMoney } from '../common/money.js';
import { NUMBER_FORMATS, toOurNotation, type NumberFormat } from './number-format.js';

const cents = (text: string, format: NumberFormat) => parseMoney(toOurNotation(text, format));

describe('toOurNotation', () => {
  it.each([
    ['1,234.56', '71,246,274.07', 7124627407],
    ['1,234.56', '1234.5', 123450],
    ['1.234,56', '1.234.567,89', 123456789],
    ['1.234,56', '1234567,89', 123456789],
    ['1.234,56', '0,5', 50],
    ['1 234,56', '1 234 567,89', 123456789],
    ['1 234,56', '1\u00a0234\u00a0567,89', 123456789],
    ['1 234,56', '1\u202f234,5', 123450],
  ] as const)('%s reads %j as %i cents', (format, text, expected) => {
    expect(cents(text, format)).toBe(expected);
  });

  it.each([
    ['1.234,56', '1,234.56'], // the other notation
    ['1.234,56', '1.23.456,00'], // thousands in wrong groups
    ['1.234,56', '12,345'], // three decimals
    ['1 234,56', '1 234.56'],
    ['1 234,56', '12 34,00'],
    ['1 234,56', '1.234'],
    ['1,234.56', '1.234,56'],
    ['1,234.56', '3.45E+71'],
  ] as const)('%s refuses %j', (format, text) => {
    expect(() => cents(text, format)).toThrow('must be a non-negative amount with at most 2 decimals');
  });

  it('reads in every format what that format writes (property)', () => {
    const write = (c: number, format: NumberFormat) => {
      const ours = groupedAmount(c); // "1,234.56"
      return format === '1,234.56' ? ours : ours.replace(/[.,]/g, (m) => (m === '.' ? ',' : format === '1.234,56' ? '.' : ' '));
    };
    fc.assert(
      fc.property(fc.constantFrom(...NUMBER_FORMATS), fc.integer({ min: 0, max: MAX_AMOUNT_CENTS }), (format, c) => {
        return cents(write(c, format), format) === c;
      }),
    );
  });
});
