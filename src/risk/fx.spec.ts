import { PAR, convertCents, cross, formatRate, invert, parseRate, shockCents, type Rate } from './fx.js';

const rate = (text: string): Rate => parseRate(text)!;
/** The ECB's rates of 28 November 2025: units per euro. */
const EUR_USD = rate('1.1581');
const EUR_GBP = rate('0.87650');
const EUR_JPY = rate('181.15');

describe('parseRate', () => {
  it('reads a positive decimal exactly as written', () => {
    expect(parseRate('1.0866')).toEqual({ num: 10866n, den: 10000n });
    expect(parseRate('157.23')).toEqual({ num: 15723n, den: 100n });
    expect(parseRate('0.86518')).toEqual({ num: 86518n, den: 100000n });
    expect(parseRate('1')).toEqual({ num: 1n, den: 1n });
    expect(parseRate('19341.51')).toEqual({ num: 1934151n, den: 100n });
    expect(parseRate('0.000000000001')).toEqual({ num: 1n, den: 10n ** 12n });
  });

  it.each([
    '',
    '0',
    '0.00',
    '-1.2',
    '+1.2',
    '1e3',
    '1.',
    '.5',
    ' 1.2',
    '1.2 ',
    '1,2',
    '1,234.5',
    'N/A',
    '0x10',
    '1.1234567890123',
    'Infinity',
  ])('refuses %j', (text) => expect(parseRate(text)).toBeNull());
});

describe('invert and cross', () => {
  it('inverts a rate exactly', () => {
    expect(invert(EUR_USD)).toEqual({ num: 10000n, den: 11581n });
    expect(invert(invert(EUR_GBP))).toEqual(EUR_GBP);
  });

  it('crosses two rates of the euro into the rate between their currencies, reduced', () => {
    // GBP -> USD = (USD per EUR) / (GBP per EUR) = 1.1581 / 0.87650 = 11581/10000 x 100000/87650 = 11581/8765
    expect(cross(EUR_GBP, EUR_USD)).toEqual({ num: 11581n, den: 8765n });
    // USD -> JPY = 181.15 / 1.1581 = 18115/100 x 10000/11581 = 1811500/11581
    expect(cross(EUR_USD, EUR_JPY)).toEqual({ num: 1811500n, den: 11581n });
    expect(cross(EUR_USD, EUR_USD)).toEqual(PAR);
  });
});

describe('convertCents', () => {
  it('converts at the rate as written, rounded half away from zero to the cent', () => {
    // 1,000.00 EUR x 157.23 = 157,230.00 JPY
    expect(convertCents(100_000, rate('157.23'))).toBe(15_723_000);
    // 1,000,000.00 USD / 1.1581 = 863,483.2915983... EUR
    expect(convertCents(100_000_000, invert(EUR_USD))).toBe(86_348_329);
    // 1,000,000.00 GBP x 11581/8765 = 1,321,277.809469... USD
    expect(convertCents(100_000_000, cross(EUR_GBP, EUR_USD))).toBe(132_127_781);
    // -123.45 EUR x 1.0866 = -134.140770 USD
    expect(convertCents(-12_345, rate('1.0866'))).toBe(-13_414);
    // 10,000,000.00 USD at USD -> JPY 1811500/11581 = 1,564,199,982.7303... JPY
    expect(convertCents(1_000_000_000, cross(EUR_USD, EUR_JPY))).toBe(156_419_998_273);
  });

  it('rounds exact halves away from zero, positive and negative, on both of its paths', () => {
    const half = { num: 1n, den: 2n };
    expect(convertCents(1, half)).toBe(1);
    expect(convertCents(-1, half)).toBe(-1);
    expect(convertCents(3, half)).toBe(2);
    expect(convertCents(-3, half)).toBe(-2);
    expect(convertCents(-250, half)).toBe(-125);
    // 0.25 x 0.1 = 0.025 -> 0.03
    expect(convertCents(25, rate('0.1'))).toBe(3);
    expect(convertCents(-25, rate('0.1'))).toBe(-3);
    // Past 2^52, through BigInt: 9,007,199,254,740,991 x 0.5 = 4,503,599,627,370,495.5
    expect(convertCents(Number.MAX_SAFE_INTEGER, rate('0.5'))).toBe(4_503_599_627_370_496);
    expect(convertCents(-Number.MAX_SAFE_INTEGER, rate('0.5'))).toBe(-4_503_599_627_370_496);
  });

  it('answers zero, never -0, and the same amount at par', () => {
    expect(Object.is(convertCents(-1, rate('0.4')), 0)).toBe(true);
    expect(Object.is(convertCents(0, EUR_USD), 0)).toBe(true);
    expect(convertCents(-987_654_321, PAR)).toBe(-987_654_321);
  });

  it('refuses a result past Number.MAX_SAFE_INTEGER cents, and an amount that is not whole cents', () => {
    expect(() => convertCents(1e15, rate('19341.51'))).toThrow(RangeError);
    expect(() => convertCents(1.5, EUR_USD)).toThrow(RangeError);
  });
});

describe('shockCents', () => {
  it('applies a shock in percent exactly, rounded once', () => {
    expect(shockCents(100_000, -10)).toBe(90_000);
    // 123.45 x 1.025 = 126.53625 -> 126.54
    expect(shockCents(12_345, 2.5)).toBe(12_654);
    // -123.45 x 0.9 = -111.105 -> -111.11 (half away from zero)
    expect(shockCents(-12_345, -10)).toBe(-11_111);
    // 0.1 is read as 1/10, not as the float nearest it: 1,000.00 x 1.001 = 1,001.00
    expect(shockCents(100_000, 0.1)).toBe(100_100);
    // 1e-7 is written "1e-7" by JavaScript: 1,000,000,000.00 x 1.000000001 = 1,000,000,001.00
    expect(shockCents(100_000_000_000, 1e-7)).toBe(100_000_000_100);
    expect(shockCents(5, -50)).toBe(3);
    expect(shockCents(-5, -50)).toBe(-3);
    expect(shockCents(77, 0)).toBe(77);
    expect(Object.is(shockCents(-77, -100), 0)).toBe(true);
  });

  it('takes large amounts through BigInt and refuses what is not a number', () => {
    // 9,007,199,254,740,991 x 0.5 = 4,503,599,627,370,495.5 -> ...496
    expect(shockCents(Number.MAX_SAFE_INTEGER, -50)).toBe(4_503_599_627_370_496);
    expect(() => shockCents(Number.MAX_SAFE_INTEGER, 10)).toThrow(RangeError);
    expect(() => shockCents(100, Number.NaN)).toThrow(RangeError);
  });
});

describe('formatRate', () => {
  it('writes a rate with ten significant digits, rounded half away from zero, without trailing zeros', () => {
    expect(formatRate(cross(EUR_GBP, EUR_USD))).toBe('1.321277809');
    expect(formatRate(invert(EUR_USD))).toBe('0.8634832916');
    expect(formatRate(cross(EUR_USD, EUR_JPY))).toBe('156.4199983');
    expect(formatRate(rate('1.25'))).toBe('1.25');
    expect(formatRate({ num: 1n, den: 8000n })).toBe('0.000125');
    expect(formatRate({ num: 123_456_789_012n, den: 1n })).toBe('123456789000');
    expect(formatRate(rate('0.99999999999'))).toBe('1');
    expect(formatRate(PAR)).toBe('1');
  });
});
