import fc from 'fast-check';
import { displayIssuerName, normalizeIssuerName } from './issuer-name.js';

describe('normalizeIssuerName', () => {
  it.each([
    ['Meta Platforms, Inc.', 'meta platforms'],
    ['META PLATFORMS INC', 'meta platforms'],
    ['Oracle Corp', 'oracle'],
    ['Oracle Corporation', 'oracle'],
    ['Amazon.com, Inc.', 'amazoncom'],
    ['AMAZON COM INC', 'amazon com'],
    ['Beignet Investor LLC', 'beignet investor'],
    ['Alphabet Inc.', 'alphabet'],
    ['Alphabet Holdings', 'alphabet holdings'],
    ['Microsoft Corporation', 'microsoft'],
    ['The Procter & Gamble Company', 'procter and gamble'],
    ['AT&T Inc.', 'at and t'],
    ["McDonald's Corp", 'mcdonalds'],
    ['Siemens AG', 'siemens'],
    ['Banco Santander, S.A.', 'banco santander'],
    ['HSBC Holdings plc', 'hsbc holdings'],
    ['Foo Co., Ltd.', 'foo'],
    ['Coca-Cola Co', 'coca cola'],
    ['  Berkshire   Hathaway\tInc ', 'berkshire hathaway'],
    ['The Company', 'company'],
    ['Theravance Inc', 'theravance'],
    ['Inc', 'inc'],
    ['', ''],
  ])('%j -> %j', (name, key) => {
    expect(normalizeIssuerName(name)).toBe(key);
  });

  const name = fc.string({
    unit: fc.constantFrom('a', 'B', 'x', 'the', 'Inc', 'corp', 'LLC', 'co', ' ', ',', '.', '&', "'", '-'),
    maxLength: 12,
  });

  it('is idempotent', () => {
    fc.assert(fc.property(name, (n) => normalizeIssuerName(normalizeIssuerName(n)) === normalizeIssuerName(n)));
    // found by the property: a leading "the" repeated once was dropped only once
    expect(normalizeIssuerName('the,the&')).toBe(normalizeIssuerName(normalizeIssuerName('the,the&')));
  });

  it('ignores case, spacing and a trailing legal form', () => {
    const suffix = fc.constantFrom('', ' Inc.', ', Inc', ' CORP', ' Corporation', ' LLC', ' Ltd', ' plc', ' S.A.', ' Co., Ltd.');
    fc.assert(
      fc.property(fc.constantFrom('Meta Platforms', 'Oracle', 'Beignet Investor', 'Alphabet'), suffix, (base, legal) => {
        const variant = `  ${base.toUpperCase().replace(' ', '   ')}${legal} `;
        return normalizeIssuerName(variant) === normalizeIssuerName(base);
      }),
    );
  });

  it('produces lower-case words separated by single spaces', () => {
    fc.assert(fc.property(name, (n) => /^(?:[a-z]+(?: [a-z]+)*)?$/.test(normalizeIssuerName(n))));
  });
});

describe('displayIssuerName', () => {
  it('trims and collapses inner whitespace, keeping case and punctuation', () => {
    expect(displayIssuerName('  Meta   Platforms,\tInc. \n')).toBe('Meta Platforms, Inc.');
  });
});
