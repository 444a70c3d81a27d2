import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "../money/decimal";
import { centsToDecimal, roundScaledToCents, toScaledSafe } from "./scaled-decimal";

const euroText = (cents: bigint) => {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
};

describe("centsToDecimal", () => {
  it("builds the same Decimal, internal form included, as parsing the euro text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -10_000, max: 10_000 }),
          fc.integer({ min: -1e12, max: 1e12 }),
          fc.maxSafeInteger(),
          fc.constant(1_000_000_000),
        ),
        (cents) => {
          const built = centsToDecimal(cents);
          const parsed = new Decimal(euroText(BigInt(cents)));
          expect({ s: built.s, e: built.e, d: built.d }).toEqual({ s: parsed.s, e: parsed.e, d: parsed.d });
          expect(built.constructor).toBe(Decimal);
          expect(built).toBeInstanceOf(Decimal);
          expect(Object.keys(built)).toEqual(Object.keys(parsed));
          expect(built.eq(parsed)).toBe(true);
          expect(built.toFixed(2)).toBe(parsed.toFixed(2));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("toScaledSafe", () => {
  it.each([
    ["12.50", 4, 125_000],
    ["0.0001", 4, 1],
    ["1.2345", 4, 12_345],
    ["10000000", 4, 100_000_000_000],
    ["0", 4, 0],
    ["0.6", 1, 6],
    ["1.23456", 4, -1], // more decimals than the scale
    ["-1", 4, -1], // negative: the Decimal path
    ["-0", 4, -1], // −0 keeps its sign on the Decimal path
    ["1e30", 4, -1], // beyond the safe integers
  ])("%s at scale %i → %i", (text, scale, expected) => {
    expect(toScaledSafe(new Decimal(text), scale)).toBe(expected);
  });

  it("agrees with Decimal arithmetic for random prices of up to 4 decimals", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 17n }), (e4) => {
        const value = new Decimal(e4.toString()).div(10_000);
        const expected = e4 <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(e4) : -1;
        expect(toScaledSafe(value, 4)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("roundScaledToCents", () => {
  it.each([
    [1_234_449, 100, 12_344],
    [1_234_450, 100, 12_345], // half: away from zero
    [1_234_451, 100, 12_345],
    [0, 100, 0],
  ])("%i ten-thousandths → %i cents", (scaled, divisor, expected) => {
    expect(roundScaledToCents(scaled, divisor)).toBe(expected);
  });
});
