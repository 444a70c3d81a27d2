import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate } from "./allocate";
import { Decimal } from "./decimal";
import { MoneyError } from "./money-error";

const d = (text: string) => new Decimal(text);
const texts = (parts: Decimal[]) => parts.map((part) => part.toFixed(2));

describe("allocate", () => {
  it.each([
    // amount, weights, expected — DESIGN §3.2: cut toward zero, leftover cents to largest remainders
    ["49.95", ["0.6", "0.4"], ["29.97", "19.98"]],
    ["0.05", ["0.5", "0.5"], ["0.03", "0.02"]], // tie: the earlier part first
    ["100.00", ["1", "1", "1"], ["33.34", "33.33", "33.33"]],
    ["0.02", ["1", "1", "1"], ["0.01", "0.01", "0.00"]],
    ["10.00", ["0.3333", "0.3333", "0.3334"], ["3.33", "3.33", "3.34"]],
    ["6.95", ["350.00", "29.97"], ["6.40", "0.55"]], // 6.4018… / 0.5481…: the cent goes to the larger remainder
    ["1.00", ["1", "2", "3"], ["0.17", "0.33", "0.50"]],
    ["0.01", ["1", "1"], ["0.01", "0.00"]],
    ["-0.05", ["0.5", "0.5"], ["-0.03", "-0.02"]], // mirror image of +0.05
    ["-49.95", ["0.6", "0.4"], ["-29.97", "-19.98"]],
    ["12.34", ["1"], ["12.34"]],
    ["0.00", ["1", "3"], ["0.00", "0.00"]],
  ])("allocate(%s, %j) = %j", (amount, weights, expected) => {
    expect(texts(allocate(d(amount), weights.map(d)))).toEqual(expected);
  });

  it("splits equally when every weight is zero (documented choice)", () => {
    expect(texts(allocate(d("1.00"), [d("0"), d("0"), d("0")]))).toEqual(["0.34", "0.33", "0.33"]);
  });

  it.each([
    ["1.005", ["1"], "NOT_WHOLE_CENTS"],
    ["1.00", [], "INVALID_WEIGHTS"],
    ["1.00", ["1", "-1"], "INVALID_WEIGHTS"],
  ])("refuses allocate(%s, %j) with %s", (amount, weights, code) => {
    expect(() => allocate(d(amount), weights.map(d))).toThrow(expect.objectContaining({ code }));
    expect(() => allocate(d(amount), weights.map(d))).toThrow(MoneyError);
  });

  const amountCents = fc.bigInt({ min: -10_000_000_000n, max: 10_000_000_000n });
  const weightList = fc.array(fc.bigInt({ min: 0n, max: 1_000_000n }), { minLength: 1, maxLength: 12 });
  const toAmount = (cents: bigint) => new Decimal(cents.toString()).div(100);
  const toWeights = (raw: bigint[], scale: number) => raw.map((w) => new Decimal(w.toString()).div(10 ** scale));

  it("parts always sum exactly to the amount", () => {
    fc.assert(
      fc.property(amountCents, weightList, fc.integer({ min: 0, max: 4 }), (cents, raw, scale) => {
        const amount = toAmount(cents);
        const parts = allocate(amount, toWeights(raw, scale));
        const sum = parts.reduce((acc, part) => acc.plus(part), new Decimal(0));
        expect(sum.eq(amount)).toBe(true);
        for (const part of parts) expect(part.decimalPlaces()).toBeLessThanOrEqual(2);
      }),
      { numRuns: 300 },
    );
  });

  it("each part is within one cent of its exact share", () => {
    fc.assert(
      fc.property(amountCents, weightList, (cents, raw) => {
        const weights = toWeights(raw, 2);
        const total = weights.reduce((acc, w) => acc.plus(w), new Decimal(0));
        fc.pre(!total.isZero());
        const amount = toAmount(cents);
        const parts = allocate(amount, weights);
        parts.forEach((part, i) => {
          const exact = amount.times(weights[i]).div(total);
          expect(part.minus(exact).abs().lt("0.01")).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("a negative amount is the mirror image of the positive one", () => {
    fc.assert(
      fc.property(amountCents, weightList, (cents, raw) => {
        const weights = toWeights(raw, 0);
        const positive = allocate(toAmount(cents < 0n ? -cents : cents), weights);
        const negative = allocate(toAmount(cents < 0n ? cents : -cents), weights);
        expect(negative.map((part) => part.neg().toFixed(2))).toEqual(positive.map((part) => part.toFixed(2)));
      }),
      { numRuns: 200 },
    );
  });
});
