import { describe, expect, it } from "vitest";
import { MoneyError } from "./money-error";
import { parseAmount } from "./parse-amount";

describe("parseAmount", () => {
  it.each([
    ["12.50", 2, "12.5"],
    ["0", 2, "0"],
    ["0.1234", 4, "0.1234"],
    ["1000000", 2, "1000000"],
    ["007.10", 2, "7.1"],
  ] as const)("parses %s (max %i decimals) as %s", (text, maxDecimals, expected) => {
    expect(parseAmount(text, { maxDecimals }).toFixed()).toBe(expected);
  });

  it("parses a negative amount only when allowed", () => {
    expect(parseAmount("-3.25", { maxDecimals: 2, allowNegative: true }).toFixed()).toBe("-3.25");
    expect(() => parseAmount("-3.25", { maxDecimals: 2 })).toThrow(MoneyError);
  });

  it.each([
    ["1e3", "NOT_A_NUMBER"],
    ["12,50", "NOT_A_NUMBER"],
    ["", "EMPTY"],
    [" 1", "NOT_A_NUMBER"],
    ["1 ", "NOT_A_NUMBER"],
    ["NaN", "NOT_A_NUMBER"],
    ["Infinity", "NOT_A_NUMBER"],
    ["+1", "NOT_A_NUMBER"],
    [".5", "NOT_A_NUMBER"],
    ["5.", "NOT_A_NUMBER"],
    ["0x10", "NOT_A_NUMBER"],
    ["1.005", "TOO_MANY_DECIMALS"],
    ["-1", "NEGATIVE"],
    ["1234567890123456", "TOO_LARGE"],
    [12.5, "NOT_A_STRING"],
    [null, "NOT_A_STRING"],
  ] as const)("refuses %j with %s", (text, code) => {
    try {
      parseAmount(text, { maxDecimals: 2, field: "lines[0].unitPrice" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MoneyError);
      expect((error as MoneyError).code).toBe(code);
      expect((error as MoneyError).field).toBe("lines[0].unitPrice");
    }
  });

  it("allows four decimals only where asked", () => {
    expect(parseAmount("1.2345", { maxDecimals: 4 }).toFixed()).toBe("1.2345");
    expect(() => parseAmount("1.23456", { maxDecimals: 4 })).toThrow(/at most 4/);
    expect(() => parseAmount("1.234", { maxDecimals: 2 })).toThrow(/at most 2/);
  });
});
