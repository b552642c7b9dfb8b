import fc from 'fast-check';
import {
  cusip6,
  cusipCheckDigit,
  cusipFromIsin,
  isinCheckDigit,
  isValidCusip,
  isValidIsin,
  isValidLei,
  leiCheckDigits,
  normalizeIdentifier,
} from './identifiers.js';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

const charsFrom = (alphabet: string, length: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length }).map((chars) => chars.join(''));

const cusipBody = charsFrom(`${ALNUM}*@#`, 8);
const isinBody = fc.tuple(charsFrom(LETTERS, 2), charsFrom(ALNUM, 9)).map(([country, rest]) => country + rest);
const leiBody = charsFrom(ALNUM, 18);

const REAL_CUSIPS = ['037833100', '594918104', '30303M102', '02079K305', '023135106', '68389X105'];
const REAL_ISINS = ['US0378331005', 'US5949181045', 'US30303M1027', 'US02079K3059'];
const REAL_LEIS = ['BQ4BKCS1HXDV9HN80Z93', '5493006MHB84DD0ZWV18', 'ZXTILKJKG63JELOEG630', '1Z4GXXU7ZHVWFCD8TV52', 'INR2EJN1ERAN0W5ZP974'];

describe('normalizeIdentifier', () => {
  it('trims and upper-cases', () => {
    expect(normalizeIdentifier('  us0378331005 \n')).toBe('US0378331005');
  });
});

describe('CUSIP', () => {
  it.each(REAL_CUSIPS)('accepts %s', (cusip) => {
    expect(isValidCusip(cusip)).toBe(true);
    expect(cusipCheckDigit(cusip.slice(0, 8))).toBe(cusip[8]);
  });

  it.each(['037833101', '03783310', '0378331000', '30303m102', '30303M10X', '', '037833100 '])('refuses %j', (s) => {
    expect(isValidCusip(s)).toBe(false);
  });

  it('gives the issuer prefix', () => {
    expect(cusip6('30303M102')).toBe('30303M');
  });

  it('refuses a malformed body when computing a check digit', () => {
    expect(() => cusipCheckDigit('0378331')).toThrow(RangeError);
    expect(() => cusipCheckDigit('03783310!')).toThrow(RangeError);
  });

  it('validates every body with its computed check digit', () => {
    fc.assert(fc.property(cusipBody, (body) => isValidCusip(body + cusipCheckDigit(body))));
  });

  it('refuses any other check digit', () => {
    fc.assert(
      fc.property(cusipBody, fc.constantFrom(...DIGITS), (body, digit) => {
        fc.pre(digit !== cusipCheckDigit(body));
        return !isValidCusip(body + digit);
      }),
    );
  });
});

describe('ISIN', () => {
  it.each([...REAL_ISINS, 'GB0002634946', 'AU0000XVGZA3', 'DE0007164600'])('accepts %s', (isin) => {
    expect(isValidIsin(isin)).toBe(true);
    expect(isinCheckDigit(isin.slice(0, 11))).toBe(isin[11]);
  });

  it.each(['US0378331006', 'US037833100', '120378331005', 'us0378331005', 'US037833100X', ''])('refuses %j', (s) => {
    expect(isValidIsin(s)).toBe(false);
  });

  it('extracts the CUSIP embedded in US ISINs', () => {
    expect(REAL_ISINS.map(cusipFromIsin)).toEqual(['037833100', '594918104', '30303M102', '02079K305']);
  });

  it('extracts nothing from other countries or invalid ISINs', () => {
    expect(cusipFromIsin('GB0002634946')).toBeNull();
    expect(cusipFromIsin('US0378331006')).toBeNull();
  });

  it('round-trips a CUSIP through a US or CA ISIN', () => {
    fc.assert(
      fc.property(charsFrom(ALNUM, 8), fc.constantFrom('US', 'CA'), (body, country) => {
        const cusip = body + cusipCheckDigit(body);
        const first11 = country + cusip;
        return cusipFromIsin(first11 + isinCheckDigit(first11)) === cusip;
      }),
    );
  });

  it('validates every body with its computed check digit', () => {
    fc.assert(fc.property(isinBody, (body) => isValidIsin(body + isinCheckDigit(body))));
  });

  it('refuses any other check digit', () => {
    fc.assert(
      fc.property(isinBody, fc.constantFrom(...DIGITS), (body, digit) => {
        fc.pre(digit !== isinCheckDigit(body));
        return !isValidIsin(body + digit);
      }),
    );
  });
});

describe('LEI', () => {
  it.each(REAL_LEIS)('accepts %s', (lei) => {
    expect(isValidLei(lei)).toBe(true);
    expect(leiCheckDigits(lei.slice(0, 18))).toBe(lei.slice(18));
  });

  it.each(['BQ4BKCS1HXDV9HN80Z94', 'BQ4BKCS1HXDV9HN80Z9', 'bq4bkcs1hxdv9hn80z93', 'BQ4BKCS1HXDV9HN80ZA3', ''])('refuses %j', (s) => {
    expect(isValidLei(s)).toBe(false);
  });

  it('refuses check digits 97 apart from the computed ones, though they also leave remainder 1', () => {
    expect(isValidLei('54930000000000000002')).toBe(true);
    expect(isValidLei('54930000000000000099')).toBe(false);
    expect(isValidLei('54930000000000006598')).toBe(true);
    expect(isValidLei('54930000000000006501')).toBe(false);
  });

  it('validates every body with its computed check digits, always in 02..98', () => {
    fc.assert(
      fc.property(leiBody, (body) => {
        const check = leiCheckDigits(body);
        return isValidLei(body + check) && Number(check) >= 2 && Number(check) <= 98;
      }),
    );
  });

  it('refuses any other check digits, including the 97-apart aliases', () => {
    fc.assert(
      fc.property(leiBody, fc.integer({ min: 0, max: 99 }), (body, n) => {
        const other = String(n).padStart(2, '0');
        fc.pre(other !== leiCheckDigits(body));
        return !isValidLei(body + other);
      }),
    );
  });
});

describe('the check digits without slicing', () => {
  /** Printable ASCII around the identifiers' own characters: lower case, punctuation, the digit's neighbours. */
  const text = (length: number) => fc.array(fc.constantFrom(...'0123456789ABCXYZabz*@#/:!-'), { minLength: length, maxLength: length });

  it('refuses a CUSIP exactly when its body or check digit is wrong', () => {
    fc.assert(
      fc.property(text(9), (chars) => {
        const s = chars.join('');
        const valid = /^[0-9A-Z*@#]{8}$/.test(s.slice(0, 8)) && cusipCheckDigit(s.slice(0, 8)) === s[8];
        return isValidCusip(s) === valid;
      }),
      { numRuns: 20_000 },
    );
  });

  it('refuses an ISIN exactly when its body or check digit is wrong', () => {
    fc.assert(
      fc.property(text(12), (chars) => {
        const s = chars.join('');
        const valid = /^[A-Z]{2}[0-9A-Z]{9}$/.test(s.slice(0, 11)) && isinCheckDigit(s.slice(0, 11)) === s[11];
        return isValidIsin(s) === valid;
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('the LEI check digits without slicing', () => {
  const text = fc.array(fc.constantFrom(...'0123456789AZaz-/:'), { minLength: 20, maxLength: 20 }).map((chars) => chars.join(''));
  const body = fc
    .array(fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: 18, maxLength: 18 })
    .map((c) => c.join(''));

  it('accepts every body with its computed check digits, and refuses any other', () => {
    fc.assert(fc.property(body, (b) => isValidLei(b + leiCheckDigits(b))));
    fc.assert(
      fc.property(
        body,
        fc.integer({ min: 0, max: 99 }),
        (b, n) => isValidLei(b + String(n).padStart(2, '0')) === (String(n).padStart(2, '0') === leiCheckDigits(b)),
      ),
    );
  });

  it('refuses a malformed LEI exactly as its body and check digits say', () => {
    fc.assert(
      fc.property(text, (s) => isValidLei(s) === (/^[0-9A-Z]{18}$/.test(s.slice(0, 18)) && leiCheckDigits(s.slice(0, 18)) === s.slice(18))),
      { numRuns: 20_000 },
    );
  });
});
