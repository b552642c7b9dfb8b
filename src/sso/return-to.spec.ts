import { returnPath } from './return-to.js';

const SERVICE = 'https://risk.insurer.example';

describe('the path to return to after sign-in', () => {
  it('keeps a path of this service with its query, and takes / when none is given', () => {
    expect(returnPath('/breaches/12', SERVICE)).toBe('/breaches/12');
    expect(returnPath('/breaches?severity=BREACH&status=OPEN', SERVICE)).toBe('/breaches?severity=BREACH&status=OPEN');
    expect(returnPath('/breaches/../headroom', SERVICE)).toBe('/headroom');
    expect(returnPath(undefined, SERVICE)).toBe('/');
    expect(returnPath('', SERVICE)).toBe('/');
  });

  it('refuses every way of naming another site, and what is not a single string', () => {
    for (const value of [
      'https://evil.example/breaches/12',
      'http://risk.insurer.example/breaches',
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      '/%0a/evil.example\n',
      'javascript:alert(1)',
      'https:evil.example',
      'breaches/12',
      `/${'a'.repeat(2000)}`,
      ['/a', '/b'],
      { path: '/a' },
    ])
      expect([value, returnPath(value, SERVICE)]).toEqual([value, null]);
  });
});
