import { PAR, convertCents } from '../risk/fx.js';
import { MissingFxRate, RatesOfWindow, conversionsAt, type StoredRate } from './fx-lookup.js';

const row = (date: string, pair: string, rate: string): StoredRate => {
  const [base, quote] = pair.split('->');
  return { date, base, quote, rate };
};

/** The window of Saturday 2025-11-29: the ECB's rates of Thursday and Friday, and a plain file's. */
const window = new RatesOfWindow([
  row('2025-11-27', 'EUR->USD', '1.1594'),
  row('2025-11-28', 'EUR->USD', '1.1581'),
  row('2025-11-28', 'EUR->GBP', '0.87650'),
  row('2025-11-26', 'EUR->CHF', '0.93050'),
  row('2025-11-28', 'USD->CAD', '1.3968'),
  row('2025-11-28', 'EUR->CAD', '1.6177'),
  row('2025-11-25', 'SGD->EUR', '0.6650'),
]);
const at = (currencies: string[], base: string) => conversionsAt(window, '2025-11-29', currencies, base);

describe('the conversions of a date', () => {
  it('takes the latest rate of the window, and leaves the base at par', () => {
    const conversions = at(['EUR', 'USD'], 'USD');
    expect(conversions.get('EUR')).toEqual({
      from: 'EUR',
      to: 'USD',
      rate: { num: 11581n, den: 10000n },
      legs: [{ base: 'EUR', quote: 'USD', rate: 1.1581, rateText: '1.1581', rateDate: '2025-11-28' }],
    });
    expect(conversions.get('USD')).toEqual({ from: 'USD', to: 'USD', rate: PAR, legs: [] });
  });

  it('inverts a pair stored the other way round, before crossing', () => {
    const cad = at(['CAD'], 'USD').get('CAD')!;
    expect(cad.rate).toEqual({ num: 10000n, den: 13968n });
    expect(cad.legs).toEqual([{ base: 'USD', quote: 'CAD', rate: 1.3968, rateText: '1.3968', rateDate: '2025-11-28' }]);
    // 1,000,000.00 CAD / 1.3968 = 715,922.105... USD
    expect(convertCents(100_000_000, cad.rate)).toBe(71_592_211);
  });

  it('crosses through EUR, each leg at its own latest date and either way round, listing both legs as stored', () => {
    const gbp = at(['GBP'], 'USD').get('GBP')!;
    // GBP -> USD = 1.1581 / 0.87650 = 11581/8765; 1,000,000.00 GBP = 1,321,277.809... USD
    expect(gbp.rate).toEqual({ num: 11581n, den: 8765n });
    expect(convertCents(100_000_000, gbp.rate)).toBe(132_127_781);
    expect(gbp.legs.map((leg) => `${leg.base}->${leg.quote} ${leg.rateText} ${leg.rateDate}`)).toEqual([
      'EUR->GBP 0.87650 2025-11-28',
      'EUR->USD 1.1581 2025-11-28',
    ]);
    const sgd = at(['SGD'], 'CHF').get('SGD')!;
    // SGD -> CHF = (CHF per EUR) / (SGD per EUR) = 0.93050 x 0.6650 = 0.6187825 = 247513/400000
    expect(sgd.rate).toEqual({ num: 247513n, den: 400000n });
    expect(sgd.legs.map((leg) => `${leg.base}->${leg.quote} ${leg.rateDate}`)).toEqual(['SGD->EUR 2025-11-25', 'EUR->CHF 2025-11-26']);
  });

  it('names every missing pair, in the direction of the ECB, and the date', () => {
    expect(() => at(['GBP', 'NOK', 'JPY'], 'USD')).toThrow(new MissingFxRate(['EUR->JPY', 'EUR->NOK'], '2025-11-29'));
    expect(() => at(['EUR'], 'JPY')).toThrow(
      "No EUR->JPY rate on or before 2025-11-29 (a rate may be at most 7 days older): upload the ECB's reference rates with POST /api/fx-rates",
    );
    expect(() => at(['JPY', 'NOK', 'SEK'], 'EUR')).toThrow('No EUR->JPY, EUR->NOK or EUR->SEK rate on or before 2025-11-29');
    const refusal = new MissingFxRate(['EUR->GBP'], '2025-11-29');
    expect([refusal.statusCode, refusal.pairs, refusal.date]).toEqual([422, ['EUR->GBP'], '2025-11-29']);
  });

  it('needs no rate when every currency is the base', () => {
    expect(conversionsAt(new RatesOfWindow([]), '2025-11-29', ['USD', 'USD'], 'USD')).toEqual(
      new Map([['USD', { from: 'USD', to: 'USD', rate: PAR, legs: [] }]]),
    );
  });
});
