import { normalizeIssuerName } from './issuer-name.js';
import { nearestIssuers } from './issuer-suggestions.js';

const ISSUERS = [
  'Oracle Corp',
  'Meta Platforms Inc',
  'Alphabet Inc',
  'Amazon.com Inc',
  'Microsoft Corp',
  '<img src=x onerror=alert(1)>',
].map((name, i) => ({
  id: i + 1,
  name,
  normalizedName: normalizeIssuerName(name),
}));

describe('nearestIssuers', () => {
  it.each([
    ['Orcle', ['Oracle Corp']],
    ['Meta Platfroms', ['Meta Platforms Inc']],
    ['alphabet', ['Alphabet Inc']],
    ['Microsfot Corporation', ['Microsoft Corp']],
  ])('suggests for %s: %j', (name, expected) => {
    expect(nearestIssuers(ISSUERS, name).map((s) => s.name)).toEqual(expected);
  });

  it('suggests nothing for a name like none of them', () => {
    expect(nearestIssuers(ISSUERS, 'Acme Quantum Widgets Inc')).toEqual([]);
  });
});
