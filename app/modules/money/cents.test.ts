import { describe, expect, it } from "vitest";
import { fromCents, fromE4, toCents, toE4 } from "./cents";
import { Decimal } from "./decimal";
import { MoneyError } from "./money-error";

describe("cents", () => {
  it.each([
    ["12.34", 1234],
    ["0", 0],
    ["-0.01", -1],
    ["90071992547409.91", 9007199254740991],
  ])("toCents(%s) = %i and back", (text, cents) => {
    expect(toCents(new Decimal(text))).toBe(cents);
    expect(fromCents(cents).eq(new Decimal(text))).toBe(true);
  });

  it.each([["12.345"], ["90071992547409.92"]])("toCents refuses %s rather than rounding", (text) => {
    expect(() => toCents(new Decimal(text))).toThrow(MoneyError);
  });

  it("fromCents refuses a non-integer", () => {
    expect(() => fromCents(12.5)).toThrow(MoneyError);
    expect(() => fromCents(Number.NaN)).toThrow(MoneyError);
  });

  it.each([
    ["12.3456", 123456],
    ["0.0001", 1],
    ["49.95", 499500],
  ])("toE4(%s) = %i and back", (text, e4) => {
    expect(toE4(new Decimal(text))).toBe(e4);
    expect(fromE4(e4).toFixed()).toBe(new Decimal(text).toFixed());
  });

  it("toE4 refuses a fifth decimal", () => {
    expect(() => toE4(new Decimal("1.23456"))).toThrow(MoneyError);
  });
});
