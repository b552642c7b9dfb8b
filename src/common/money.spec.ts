import fc from 'fast-check';
import {
  centsToNumber,
  formatCents,
  formatMoney,
  MAX_AMOUNT_CENTS,
  MoneyFormatError,
  parseMoney,
  parseMoneyNumber,
  sumCents,
} from './money.js';

const MAX_CENTS = Number.MAX_SAFE_INTEGER;

describe('parseMoney', () => {
  it.each([
    ['0', 0],
    ['0.29', 29],
    ['0.1', 10],
    ['12', 1200],
    ['12.5', 1250],
    ['  1,234,567.89 ', 123456789],
    ['1,000', 100000],
    ['007.01', 701],
    ['1234567890123.45', 123456789012345],
    ['10,000,000,000,000.00', MAX_AMOUNT_CENTS],
  ])('parses %j as %d cents', (text, cents) => {
    expect(parseMoney(text)).toBe(cents);
  });

  it.each([
    '',
    '   ',
    '-1',
    '+1',
    '$1',
    '1e3',
    '1.234',
    '1.',
    '.5',
    '1,23',
    '12,3456',
    ',123',
    '0,123',
    '1,234,56',
    '1 234',
    'NaN',
    'Infinity',
    '10000000000000.01',
    '90071992547409.91',
    '90071992547409.92',
    '99999999999999999999',
  ])('refuses %j', (text) => {
    expect(() => parseMoney(text)).toThrow(MoneyFormatError);
  });

  it('explains the expected format, and the bound', () => {
    expect(() => parseMoney('-1')).toThrow('must be a non-negative amount with at most 2 decimals');
    expect(() => parseMoney('10000000000000.01')).toThrow('must be at most 10,000,000,000,000 (ten trillion)');
    expect(() => parseMoney('99999999999999999999')).toThrow('must be at most 10,000,000,000,000 (ten trillion)');
  });

  it('inverts formatCents', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e15 }), (c) => parseMoney(formatCents(c)) === c));
    fc.assert(fc.property(fc.integer({ min: MAX_AMOUNT_CENTS - 1e6, max: MAX_AMOUNT_CENTS }), (c) => parseMoney(formatCents(c)) === c));
  });

  it('reads comma-grouped amounts like the plain ones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e15 }), (c) => {
        const [whole, fraction] = formatCents(c).split('.');
        const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
        return parseMoney(`${grouped}.${fraction}`) === c;
      }),
    );
  });
});

describe('parseMoneyNumber', () => {
  it.each([
    [0, 0],
    [0.29, 29],
    [1234567.89, 123456789],
    [1e12, 1e14],
  ])('parses %d', (n, cents) => {
    expect(parseMoneyNumber(n)).toBe(cents);
  });

  it.each([-1, -0.01, 0.001, 0.1 + 0.2, 1e21, 1e-7, NaN, Infinity, -Infinity])('refuses %d', (n) => {
    expect(() => parseMoneyNumber(n)).toThrow(MoneyFormatError);
  });

  // Below 2^46 dollars (past the bound of ten trillion) a double's spacing is under a cent, so the shortest decimal form is the exact amount.
  it('inverts centsToNumber up to the bound', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_AMOUNT_CENTS }), (c) => parseMoneyNumber(centsToNumber(c)) === c));
    fc.assert(
      fc.property(fc.integer({ min: MAX_AMOUNT_CENTS - 1e6, max: MAX_AMOUNT_CENTS }), (c) => parseMoneyNumber(centsToNumber(c)) === c),
    );
  });
});

describe('formatCents and centsToNumber', () => {
  it.each([
    [0, '0.00', 0],
    [5, '0.05', 0.05],
    [29, '0.29', 0.29],
    [123456789, '1234567.89', 1234567.89],
    [-150, '-1.50', -1.5],
    [MAX_CENTS, '90071992547409.91', 90071992547409.91],
  ])('%d cents', (cents, text, dollars) => {
    expect(formatCents(cents)).toBe(text);
    expect(centsToNumber(cents)).toBe(dollars);
  });

  it.each([0.5, NaN, MAX_CENTS + 1])('refuses %d cents', (cents) => {
    expect(() => formatCents(cents)).toThrow(RangeError);
    expect(() => centsToNumber(cents)).toThrow(RangeError);
  });
});

describe('sumCents', () => {
  it('adds', () => {
    expect(sumCents([])).toBe(0);
    expect(sumCents(new Set([1, 20, 300]))).toBe(321);
  });

  it('throws once the sum passes Number.MAX_SAFE_INTEGER', () => {
    expect(sumCents([MAX_CENTS - 1, 1])).toBe(MAX_CENTS);
    expect(() => sumCents([MAX_CENTS, 1])).toThrow(RangeError);
    expect(() => sumCents([MAX_CENTS, 2])).toThrow(RangeError);
  });

  it('refuses values that are not whole cents', () => {
    expect(() => sumCents([1, 0.5])).toThrow(RangeError);
  });

  it('gives the same total in any order', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 1e13 }), { maxLength: 200 })
          .chain((values) => fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length }))),
        ([values, shuffled]) => sumCents(values) === sumCents(shuffled),
      ),
    );
  });

  it('throws exactly when the true total exceeds Number.MAX_SAFE_INTEGER', () => {
    const big = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 51n }), fc.bigInt({ min: 0n, max: BigInt(MAX_CENTS) }));
    fc.assert(
      fc.property(fc.array(big, { minLength: 1, maxLength: 5 }), (values) => {
        const exact = values.reduce((a, b) => a + b, 0n);
        const run = () => sumCents(values.map(Number));
        if (exact > BigInt(MAX_CENTS)) expect(run).toThrow(RangeError);
        else expect(run()).toBe(Number(exact));
      }),
    );
  });
});

describe('formatMoney', () => {
  it('names the currency, groups thousands and keeps the cents exact, negative amounts signed before the code', () => {
    expect(formatMoney(25020000040, 'USD')).toBe('USD 250,200,000.40');
    expect(formatMoney(123456789, 'EUR')).toBe('EUR 1,234,567.89');
    expect(formatMoney(-2520000040, 'EUR')).toBe('-EUR 25,200,000.40');
    expect(formatMoney(-123400, 'EUR')).toBe('-EUR 1,234.00');
    expect(formatMoney(5, 'GBP')).toBe('GBP 0.05');
    expect(formatMoney(0, 'USD')).toBe('USD 0.00');
    expect(formatMoney(123456700, 'JPY')).toBe('JPY 1,234,567.00');
    expect(formatMoney(MAX_CENTS, 'USD')).toBe('USD 90,071,992,547,409.91');
  });

  it('writes what Intl.NumberFormat writes for a currency code in English, but with a plain space (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom('USD', 'EUR', 'GBP', 'CHF'), (c, currency) => {
        const intl = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' }).format(c / 100);
        expect(formatMoney(c, currency)).toBe(intl.replace(/\u00a0/g, ' '));
      }),
    );
  });
});

describe('parseMoney without its regular expression', () => {
  /** The rule as written before the fast path: what every text must still give. */
  const byRule = (text: string): number | 'refused' => {
    const match = /^(\d+|[1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d{1,2}))?$/.exec(text.trim());
    if (!match) return 'refused';
    const cents = Number(match[1].replaceAll(',', '') + (match[2] ?? '').padEnd(2, '0'));
    return Number.isSafeInteger(cents) ? cents : 'refused';
  };
  const attempt = (text: string): number | 'refused' => {
    try {
      return parseMoney(text);
    } catch {
      return 'refused';
    }
  };

  it('reads any text of digits, points, commas and spaces as the rule does', () => {
    const text = fc.array(fc.constantFrom(...'0123456789.., '), { maxLength: 22 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(text, (t) => attempt(t) === byRule(t)),
      { numRuns: 20_000 },
    );
  });
});
