import fc from 'fast-check';
import { convertCents, cross, invert, parseRate, shockCents } from './fx.js';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The expected amount worked out apart from the code under test: the exact rational product
 * num/den, rounded half away from zero as sign x floor((2|p| + den) / 2den).
 */
function expected(cents: number, num: bigint, den: bigint): bigint {
  const product = BigInt(cents) * num;
  const magnitude = (2n * (product < 0n ? -product : product) + den) / (2n * den);
  return product < 0n ? -magnitude : magnitude;
}

/** A rate as the ECB writes them: up to five whole digits, up to six decimals, above zero. */
const rateText = fc
  .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 999_999 }))
  .map(([whole, decimals, fraction]) =>
    decimals === 0 ? String(whole) : `${whole}.${String(fraction % 10 ** decimals).padStart(decimals, '0')}`,
  )
  .filter((text) => parseRate(text) !== null);

/** Amounts of every size a holding has, both signs (CDS protection counts negative). */
const cents = fc.oneof(
  fc.integer({ min: -100_000_000, max: 100_000_000 }),
  fc.integer({ min: -1e15, max: 1e15 }),
  fc.constantFrom(0, 1, -1, 50, -50, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
);

/** What the text means, read apart from parseRate: digits over a power of ten. */
function exactly(text: string): { num: bigint; den: bigint } {
  const [whole, fraction = ''] = text.split('.');
  return { num: BigInt(whole + fraction), den: 10n ** BigInt(fraction.length) };
}

describe('exact conversion (properties)', () => {
  it('converts and sums per holding exactly as the rational result rounded per holding', () => {
    fc.assert(
      fc.property(fc.array(cents, { minLength: 1, maxLength: 40 }), rateText, fc.boolean(), (amounts, text, inverted) => {
        const written = exactly(text);
        const { num, den } = inverted ? { num: written.den, den: written.num } : written;
        const rate = inverted ? invert(parseRate(text)!) : parseRate(text)!;
        const each = amounts.map((amount) => expected(amount, num, den));
        if (each.some((value) => value > SAFE || value < -SAFE)) {
          const beyond = amounts.find((amount) => {
            const value = expected(amount, num, den);
            return value > SAFE || value < -SAFE;
          })!;
          expect(() => convertCents(beyond, rate)).toThrow(RangeError);
          return;
        }
        const converted = amounts.map((amount) => convertCents(amount, rate));
        expect(converted.map(BigInt)).toEqual(each);
        const total = each.reduce((sum, value) => sum + value, 0n);
        // Summed in cents as the service sums them, where the total stays exact
        if (total <= SAFE && total >= -SAFE && each.every((value) => value <= SAFE / 64n && value >= -SAFE / 64n))
          expect(BigInt(converted.reduce((sum, value) => sum + value, 0))).toBe(total);
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds exact halves away from zero, both signs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 1e12 }), fc.boolean(), (halfDen, whole, negative) => {
        // cents = (2 whole + 1) halfDen at rate 1/(2 halfDen) is whole + 1/2 exactly
        const amount = (2 * whole + 1) * halfDen;
        fc.pre(Number.isSafeInteger(amount));
        const result = convertCents(negative ? -amount : amount, { num: 1n, den: 2n * BigInt(halfDen) });
        expect(result).toBe(negative ? -(whole + 1) : whole + 1);
      }),
    );
  });

  it('converts at a crossed rate exactly as at the ratio of its two legs', () => {
    fc.assert(
      fc.property(cents, rateText, rateText, (amount, toFrom, toTo) => {
        const from = exactly(toFrom);
        const to = exactly(toTo);
        // from -> to = (via -> to) / (via -> from)
        const value = expected(amount, to.num * from.den, to.den * from.num);
        fc.pre(value <= SAFE && value >= -SAFE);
        expect(BigInt(convertCents(amount, cross(parseRate(toFrom)!, parseRate(toTo)!)))).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('shocks by a percentage read as its shortest decimal, rounded once', () => {
    const pct = fc.oneof(
      fc.integer({ min: -100, max: 100 }),
      fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 3 })).map(([n, d]) => n / 10 ** d),
    );
    fc.assert(
      fc.property(cents, pct, (amount, shock) => {
        const { num, den } = exactly(String(Math.abs(shock)));
        const signedNum = shock < 0 ? -num : num;
        const value = expected(amount, 100n * den + signedNum, 100n * den);
        fc.pre(value <= SAFE && value >= -SAFE);
        expect(BigInt(shockCents(amount, shock))).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });
});
