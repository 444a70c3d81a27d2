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

  it("declines (returns false) when an intermediate would leave the safe integers", () => {
    expect(allocateSafeIntegers(Number.MAX_SAFE_INTEGER, [3, 1], 4, [])).toBe(false);
  });
});
