import fc from 'fast-check';
import { normalizeHeader } from './headers.js';

describe('normalizeHeader', () => {
  it.each([
    ['Par Value', 'par_value'],
    ['PAR_VALUE', 'par_value'],
    [' par-value ', 'par_value'],
    ['par  -  value', 'par_value'],
    ['Par__Value', 'par_value'],
    ['\uFEFFCUSIP', 'cusip'],
    ['\uFEFF Issuer Name\t', 'issuer_name'],
    ['No.', 'no'],
    ['(Market Value)', 'market_value'],
    ['Maturity Date:', 'maturity_date'],
    ['_private_', 'private'],
    ['LEI', 'lei'],
    ['', ''],
  ])('%j -> %j', (header, normalized) => {
    expect(normalizeHeader(header)).toBe(normalized);
  });

  const header = fc.string({ unit: fc.constantFrom('a', 'B', '7', ' ', '-', '_', '.', '(', ')', '\uFEFF', '\t'), maxLength: 20 });

  it('is idempotent', () => {
    fc.assert(fc.property(header, (h) => normalizeHeader(normalizeHeader(h)) === normalizeHeader(h)));
  });

  it('ignores case, surrounding spaces and the choice of separator', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcXYZ019'), minLength: 1, maxLength: 8 });
    const separator = fc.string({ unit: fc.constantFrom(' ', '-', '_'), minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), separator, (words, sep) => {
        const expected = words.join('_').toLowerCase();
        return normalizeHeader(` ${words.join(sep).toUpperCase()} `) === expected;
      }),
    );
  });

  it('leaves lower-case words joined by single underscores', () => {
    const plain = fc.string({ unit: fc.constantFrom('a', 'B', '7', ' ', '-', '_', '\uFEFF', '\t'), maxLength: 20 });
    fc.assert(fc.property(plain, (h) => /^(?:[a-z0-9]+(?:_[a-z0-9]+)*)?$/.test(normalizeHeader(h))));
  });
});
