import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateSafeIntegers, allocateUnchecked } from "./allocate";
import { Decimal } from "./decimal";

// The integer fast path must hand out every cent exactly as the BigInt/Decimal
// allocation does (DESIGN §3.2), both when a few cents are missing (repeated
// selection) and when many are (quickselect on remainder keys).

const centsText = (cents: number) => new Decimal(cents).div(100).toFixed(2);

describe("allocateSafeIntegers", () => {
  it("matches allocateUnchecked part for part", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 300 }),
        (total, weights) => {
          const weightSum = weights.reduce((a, b) => a + b, 0);
          fc.pre(weightSum > 0);
          const out: number[] = new Array(weights.length);
          expect(allocateSafeIntegers(total, weights, weightSum, out)).toBe(true);
          const expected = allocateUnchecked(
            new Decimal(total).div(100),
            weights.map((w) => new Decimal(w)),
          );
          expect(out.map(centsText)).toEqual(expected.map((d) => d.toFixed(2)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("many missing cents go to the largest remainders, ties to the earlier part", () => {
    // 100 cents over 30 equal weights: 3 each, and the 10 missing cents to parts 0 … 9.
    const out: number[] = new Array(30);
    expect(allocateSafeIntegers(100, new Array(30).fill(7), 210, out)).toBe(true);
    expect(out).toEqual([...new Array(10).fill(4), ...new Array(20).fill(3)]);
  });

  it("matches allocateUnchecked when total × weight leaves the safe integers (the BigInt products)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000_000_000, max: 1_000_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 100_000_000, max: 5_000_000_000 }),
        (total, weights, big) => {
          weights.push(big); // at least one weight with total × weight > 2^53
          const weightSum = weights.reduce((a, b) => a + b, 0);
          fc.pre(total * big > Number.MAX_SAFE_INTEGER);
          const out: number[] = new Array(weights.length);
          expect(allocateSafeIntegers(total, weights, weightSum, out)).toBe(true);
          const expected = allocateUnchecked(
            new Decimal(total).div(100),
            weights.map((w) => new Decimal(w)),
          );
          expect(out.map(centsText)).toEqual(expected.map((d) => d.toFixed(2)));
          expect(out.reduce((a, b) => a + b, 0)).toBe(total);
        },
      ),
      { numRuns: 200 },
    );
    // 2^53 − 1 cents over 3 : 1, exactly: 6,755,399,441,055,743.25 → 6,755,399,441,055,743 and 2,251,799,813,685,248.
    const out: number[] = [];
    expect(allocateSafeIntegers(Number.MAX_SAFE_INTEGER, [3, 1], 4, out)).toBe(true);
    expect(out).toEqual([6_755_399_441_055_743, 2_251_799_813_685_248]);
    // The weights may be the output array too (the pricing engine's bundle split does that).
    const shared = [3, 1];
    expect(allocateSafeIntegers(Number.MAX_SAFE_INTEGER, shared, 4, shared)).toBe(true);
    expect(shared).toEqual([6_755_399_441_055_743, 2_251_799_813_685_248]);
  });

  it("matches allocateUnchecked when weightSum is beyond 2^51 (the BigInt products)", () => {
    const weights = [2 ** 51 - 1, 2 ** 51 - 3];
    const weightSum = weights.reduce((a, b) => a + b, 0);
    for (const total of [5, 1_234_567, 98_765_432_101]) {
      const out: number[] = new Array(weights.length);
      expect(allocateSafeIntegers(total, weights, weightSum, out)).toBe(true);
      const expected = allocateUnchecked(
        new Decimal(total).div(100),
        weights.map((w) => new Decimal(w)),
      );
      expect(out.map(centsText)).toEqual(expected.map((d) => d.toFixed(2)));
    }
  });

  it("declines (returns false) when the selection keys (weightSum × count) would leave the safe integers", () => {
    expect(allocateSafeIntegers(100, [Number.MAX_SAFE_INTEGER - 1, 1], Number.MAX_SAFE_INTEGER, [])).toBe(false);
  });
});
