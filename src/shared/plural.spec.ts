import { counted } from './plural.js';

describe('counted', () => {
  it('writes the noun singular for one and plural otherwise', () => {
    expect([counted(0, 'problem'), counted(1, 'problem'), counted(2, 'problem'), counted(1500, 'problem')]).toEqual([
      '0 problems',
      '1 problem',
      '2 problems',
      '1500 problems',
    ]);
  });

  it('takes an irregular plural', () => {
    expect([counted(1, 'breach', 'breaches'), counted(3, 'breach', 'breaches')]).toEqual(['1 breach', '3 breaches']);
  });
});
