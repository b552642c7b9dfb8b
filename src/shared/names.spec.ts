import { nameHtml, nameText } from './names.js';

describe('names as shown', () => {
  it('drops bidi controls, so that an override cannot turn a name or the text after it around', () => {
    expect(nameText('Evil \u202Eproc elcarO\u202C Inc')).toBe('Evil proc elcarO Inc');
    expect(nameHtml('A\u2066B\u2069 <Co>')).toBe('<bdi>AB &#60;Co&#62;</bdi>');
  });

  it('cuts a name past 80 characters with an ellipsis, the whole name on hover', () => {
    const long = `Meta ${'x'.repeat(300)}`;
    expect([...nameText(long)]).toHaveLength(80);
    expect(nameText(long).endsWith('x…')).toBe(true);
    expect(nameHtml(long)).toBe(`<bdi title="${long}">${nameText(long)}</bdi>`);
  });
});
